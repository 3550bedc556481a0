#include "io/output_dir.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "core/error.h"
#include "io/derived.h"

namespace mv {

namespace fs = std::filesystem;

namespace {
/// A process is alive if it exists and is not a zombie (a killed run whose parent has not yet
/// reaped it is dead for our purposes).
bool process_alive(long pid) {
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
  if (!f) return true;  // no /proc: trust kill()
  char state = '?';
  // /proc/PID/stat: "pid (comm) state ..."; comm may hold spaces, so find the last ')'.
  char buf[512];
  const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = '\0';
  if (const char* close = std::strrchr(buf, ')'); close && close[1] == ' ') state = close[2];
  return state != 'Z' && state != 'X';
}

/// Removes staging directories left by runs that were killed (SIGKILL, power loss): those whose
/// process id no longer exists. They are hidden and never look like results, but they use disk.
void remove_stale_staging(const fs::path& parent, const std::string& name) {
  const std::string prefix = "." + name + ".tmp-";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string f = e.path().filename().string();
    if (!f.starts_with(prefix)) continue;
    const std::string pid_text = f.substr(prefix.size());
    char* end = nullptr;
    const long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (pid <= 0 || end == pid_text.c_str() || *end != '\0') continue;
    if (!process_alive(pid)) fs::remove_all(e.path(), ec);
  }
}

/// Test hook for fault injection (MV_FAULT_INJECT): "enospc" makes every result write fail as
/// on a full disk; "remove_staging" deletes the staging directory before results are written.
bool fault_injected(const char* what) {
  const char* v = std::getenv("MV_FAULT_INJECT");
  return v != nullptr && std::string_view(v) == what;
}
}  // namespace

DirectoryListing list_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return std::nullopt;
  DirectoryListing::value_type entries;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code e2;
    const uintmax_t size = it->is_regular_file(e2) ? it->file_size(e2) : 0;
    const int64_t mtime = it->last_write_time(e2).time_since_epoch().count();
    entries[fs::relative(it->path(), dir, e2).string()] = {size, mtime};
  }
  return entries;
}

bool fault_injected_remove_staging() {
  return fault_injected("remove_staging");
}

fs::path check_destination(fs::path destination, bool force) {
  std::error_code ec;
  if (destination.filename().empty()) destination = destination.parent_path();
  if (fs::exists(destination, ec) && !fs::is_directory(destination, ec))
    throw OutputError("output path '" + destination.string() +
                      "' exists and is not a directory; expected a path to a new directory");
  if (fs::exists(destination, ec) && !force)
    throw OutputError("output directory '" + destination.string() +
                      "' already exists; expected a new directory, or --force to replace it");
  // --force replaces earlier results only, never an unrelated directory.
  if (fs::exists(destination, ec) && !fs::is_empty(destination, ec) &&
      !fs::exists(destination / "manifest.json", ec))
    throw OutputError("output directory '" + destination.string() +
                      "' exists and does not hold multivector results (no manifest.json); "
                      "expected a new directory or an earlier output directory");
  fs::path parent = destination.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent, ec);
  if (ec)
    throw OutputError("cannot create output directory '" + parent.string() + "': " + ec.message() +
                      "; expected a writable location");
  return destination;
}

StagedDirectory::StagedDirectory(fs::path destination, bool force)
    : destination_(check_destination(std::move(destination), force)),
      force_(force),
      before_(list_directory(destination_)) {
  std::error_code ec;
  fs::path parent = destination_.parent_path();
  if (parent.empty()) parent = ".";
  remove_stale_staging(parent, destination_.filename().string());
  staging_ = parent / ("." + destination_.filename().string() + ".tmp-" + std::to_string(::getpid()));
  fs::remove_all(staging_, ec);
  if (!fs::create_directory(staging_, ec) || ec)
    throw OutputError("cannot write to output directory '" + parent.string() + "': " +
                      (ec ? ec.message() : std::string("unknown error")) + "; expected a writable location");
}

StagedDirectory::~StagedDirectory() {
  if (!committed_) discard();
}

void StagedDirectory::discard() noexcept {
  std::error_code ec;
  if (!staging_.empty()) fs::remove_all(staging_, ec);
}

std::vector<std::string> StagedDirectory::commit() {
  std::vector<std::string> removed = move_into_place(staging_, destination_, force_, before_);
  committed_ = true;
  return removed;
}

/// The first entry in which two listings differ, for a message.
std::string first_difference(const DirectoryListing& a, const DirectoryListing& b) {
  if (!a) return "it appeared";
  if (!b) return "it was removed";
  for (const auto& [name, stat] : *b)
    if (!a->contains(name))
      return "'" + name + "' added";
    else if (a->at(name) != stat)
      return "'" + name + "' changed";
  for (const auto& [name, stat] : *a)
    if (!b->contains(name)) return "'" + name + "' removed";
  return "";
}

std::vector<std::string> move_into_place(const fs::path& staging, const fs::path& destination, bool force,
                                         const DirectoryListing& before) {
  std::error_code ec;
  fs::path old;
  std::vector<std::string> removed;
  if (fs::exists(destination, ec)) {
    if (!force) throw OutputError("output directory '" + destination.string() + "' appeared during the run");
    // --force replaced what it found at the start; whatever came since is not ours to delete.
    const DirectoryListing now = list_directory(destination);
    if (now != before)
      throw OutputError("output directory '" + destination.string() + "' changed during the run (" +
                        first_difference(before, now) +
                        "); expected it left alone while new results replace it (it is untouched, and the "
                        "new results were not written)");
    removed = removed_by_replacing(destination, staging);
    old = destination.parent_path() /
          ("." + destination.filename().string() + ".old-" + std::to_string(::getpid()));
    fs::rename(destination, old, ec);
    if (ec) throw OutputError("cannot replace '" + destination.string() + "': " + ec.message());
  }
  fs::rename(staging, destination, ec);
  if (ec) {
    std::error_code ec2;
    if (!old.empty()) fs::rename(old, destination, ec2);
    throw OutputError("cannot move results into '" + destination.string() + "': " + ec.message());
  }
  if (!old.empty()) fs::remove_all(old, ec);
  return removed;
}

void write_text_file(const fs::path& path, const std::string& content) {
  if (fault_injected("enospc"))
    throw OutputError("cannot write '" + path.string() + "': " + std::strerror(ENOSPC));
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw OutputError("cannot write '" + path.string() + "': " + std::strerror(errno));
  const size_t written = std::fwrite(content.data(), 1, content.size(), f);
  const int err = written == content.size() ? 0 : errno;
  if (std::fflush(f) != 0 || err != 0) {
    const int e = err ? err : errno;
    std::fclose(f);
    throw OutputError("cannot write '" + path.string() + "': " + std::strerror(e));
  }
  if (std::fclose(f) != 0) throw OutputError("cannot write '" + path.string() + "': " + std::strerror(errno));
}

void write_file_atomically(const fs::path& path, const std::string& content) {
  const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
  write_text_file(tmp, content);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw OutputError("cannot write '" + path.string() + "': " + ec.message());
  }
}

AppendFile::AppendFile(fs::path path) : path_(std::move(path)) {
  f_ = std::fopen(path_.c_str(), "ab");
  if (!f_) throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
}

AppendFile::~AppendFile() {
  if (f_) std::fclose(f_);
}

void AppendFile::write(std::string_view s) {
  if (fault_injected("enospc"))
    throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(ENOSPC));
  if (std::fwrite(s.data(), 1, s.size(), f_) != s.size())
    throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
}

void AppendFile::flush() {
  if (std::fflush(f_) != 0)
    throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
}

void AppendFile::close() {
  std::FILE* f = f_;
  f_ = nullptr;
  if (f && std::fclose(f) != 0)
    throw OutputError("cannot write '" + path_.string() + "': " + std::strerror(errno));
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace mv
