// Thin main: parse, dispatch, map errors to exit codes (STYLE.md rule 1 and 7).
#include <exception>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "engine/cluster.h"

int main(int argc, char** argv) {
  mv::cluster::init(&argc, &argv);  // MPI only when launched by mpirun
  std::vector<std::string> args(argv + 1, argv + argc);
  int code = mv::kExitOk;
  try {
    code = mv::cli::dispatch(args);
  } catch (const mv::Error& e) {
    // Every rank meets the same bad input; one message is enough.
    if (mv::cluster::rank() == 0) std::cerr << "multivector: " << e.what() << "\n";
    code = e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "multivector: internal error: " << e.what() << "\n";
    if (mv::cluster::size() > 1) mv::cluster::abort(mv::kExitInternal);
    code = mv::kExitInternal;
  }
  mv::cluster::finalize();
  return code;
}
