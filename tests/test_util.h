#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace mvtest {

/// A fresh empty directory under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& p);
std::filesystem::path source_dir();

struct CommandResult {
  int exit_code;
  std::string out;
  std::string err;
};
/// Runs the multivector binary with arguments (shell-quoted here) in `cwd`.
CommandResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& cwd = {});

/// Parses RFC 4180 CSV (quoted fields, CRLF or LF) into rows of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

}  // namespace mvtest
