// Thin main: parse, dispatch, map errors to exit codes (STYLE.md rule 1 and 7).
#include <exception>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return mv::cli::dispatch(args);
  } catch (const mv::Error& e) {
    std::cerr << "multivector: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "multivector: internal error: " << e.what() << "\n";
    return mv::kExitInternal;
  }
}
