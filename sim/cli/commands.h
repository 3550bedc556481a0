#pragma once
// The one command table: each command's name, usage line, summary and function, read by
// dispatch, `multivector --help`, each command's --help and the help test.
#include <string>
#include <vector>

namespace mv::cli {

/// A command's entry point: its arguments after the command name, and the whole command line
/// as typed (for the manifest). Returns the exit code. @throws mv::Error.
using CommandFunction = int (*)(const std::vector<std::string>& args, const std::string& command_line);

struct Command {
  std::string name;
  std::string synopsis;  // the usage line after "multivector "
  std::string summary;   // one line, for `multivector --help`
  CommandFunction run;
};

/// Every command, in the order `multivector --help` lists them.
const std::vector<Command>& commands();
/// The command called `name`, or nullptr.
const Command* find_command(const std::string& name);

/// Runs the `multivector` command line; returns the process exit code.
/// @throws mv::Error (mapped to exit codes by main).
int dispatch(const std::vector<std::string>& args);

// One file each: cmd_<name>.cpp.
int cmd_run(const std::vector<std::string>& args, const std::string& command_line);
int cmd_validate(const std::vector<std::string>& args, const std::string& command_line);
int cmd_facts(const std::vector<std::string>& args, const std::string& command_line);
int cmd_dock(const std::vector<std::string>& args, const std::string& command_line);
int cmd_explain(const std::vector<std::string>& args, const std::string& command_line);
int cmd_report(const std::vector<std::string>& args, const std::string& command_line);
int cmd_sweep(const std::vector<std::string>& args, const std::string& command_line);
int cmd_sensitivity(const std::vector<std::string>& args, const std::string& command_line);
int cmd_merge(const std::vector<std::string>& args, const std::string& command_line);
int cmd_calibrate(const std::vector<std::string>& args, const std::string& command_line);
int cmd_validate_history(const std::vector<std::string>& args, const std::string& command_line);
int cmd_discover(const std::vector<std::string>& args, const std::string& command_line);
int cmd_params(const std::vector<std::string>& args, const std::string& command_line);

}  // namespace mv::cli
