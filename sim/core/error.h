#pragma once
// One exception hierarchy for everything a user can get wrong; caught only in main and
// mapped to exit codes (STYLE.md rule 7).
#include <stdexcept>
#include <string>

namespace mv {

/// Exit codes of the `multivector` executable.
enum ExitCode : int { kExitOk = 0, kExitInternal = 1, kExitBadInput = 2, kExitInterrupted = 130 };

/// Base of all errors that are the user's to fix (bad scenario, bad flag, unwritable output).
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int exit_code = kExitBadInput)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

/// Where in an input file something was found (1-based; 0 means unknown).
struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;
};

/// A problem in an input file: formatted as `file:line:column: error: what; expected ...`.
class InputError : public Error {
 public:
  InputError(SourcePosition where, std::string what, std::string expected = {}, std::string suggestion = {});
  const SourcePosition& where() const { return where_; }
  const std::string& problem() const { return problem_; }

 private:
  SourcePosition where_;
  std::string problem_;
};

/// A bad command line (unknown flag, bad value).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// The output could not be written (unwritable directory, existing results without --force).
class OutputError : public Error {
 public:
  using Error::Error;
};

}  // namespace mv
