#pragma once
#include <string>
#include <vector>

namespace mv::cli {

/// Runs the `multivector` command line; returns the process exit code.
/// @throws mv::Error (mapped to exit codes by main).
int dispatch(const std::vector<std::string>& args);

}  // namespace mv::cli
