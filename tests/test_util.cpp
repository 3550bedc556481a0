#include "test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "io/csv_read.h"

namespace fs = std::filesystem;

namespace mvtest {

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("mvtest-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}
TempDir::~TempDir() {
  std::error_code ec;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}
fs::path TempDir::write(const std::string& name, const std::string& content) const {
  const fs::path p = path_ / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path source_dir() {
  return MV_SOURCE_DIR;
}

namespace {
std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}
}  // namespace

CommandResult run_cli(const std::vector<std::string>& args, const fs::path& cwd) {
  TempDir io;
  std::string cmd;
  if (!cwd.empty()) cmd += "cd " + quote(cwd.string()) + " && ";
  cmd += quote(MV_BINARY);
  for (const auto& a : args) cmd += " " + quote(a);
  cmd += " >" + quote((io.path() / "out").string()) + " 2>" + quote((io.path() / "err").string()) +
         " </dev/null";
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(io.path() / "out");
  r.err = read_file(io.path() / "err");
  return r;
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  return mv::parse_csv(text);
}

}  // namespace mvtest
