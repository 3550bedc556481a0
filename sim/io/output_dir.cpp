#include "io/output_dir.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.h"

namespace mv {

namespace fs = std::filesystem;

StagedDirectory::StagedDirectory(fs::path destination, bool force)
    : destination_(std::move(destination)), force_(force) {
  std::error_code ec;
  if (destination_.filename().empty()) destination_ = destination_.parent_path();
  if (fs::exists(destination_, ec) && !fs::is_directory(destination_, ec))
    throw OutputError("output path '" + destination_.string() +
                      "' exists and is not a directory; expected a path to a new directory");
  if (fs::exists(destination_, ec) && !force_)
    throw OutputError("output directory '" + destination_.string() +
                      "' already exists; expected a new directory, or --force to replace it");
  // --force replaces earlier results only, never an unrelated directory.
  if (fs::exists(destination_, ec) && !fs::is_empty(destination_, ec) &&
      !fs::exists(destination_ / "manifest.json", ec))
    throw OutputError("output directory '" + destination_.string() +
                      "' exists and does not hold multivector results (no manifest.json); "
                      "expected a new directory or an earlier output directory");
  fs::path parent = destination_.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent, ec);
  if (ec)
    throw OutputError("cannot create output directory '" + parent.string() + "': " + ec.message() +
                      "; expected a writable location");
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

void StagedDirectory::commit() {
  std::error_code ec;
  fs::path old;
  if (fs::exists(destination_, ec)) {
    if (!force_)
      throw OutputError("output directory '" + destination_.string() + "' appeared during the run");
    old = destination_.parent_path() /
          ("." + destination_.filename().string() + ".old-" + std::to_string(::getpid()));
    fs::rename(destination_, old, ec);
    if (ec) throw OutputError("cannot replace '" + destination_.string() + "': " + ec.message());
  }
  fs::rename(staging_, destination_, ec);
  if (ec) {
    std::error_code ec2;
    if (!old.empty()) fs::rename(old, destination_, ec2);
    throw OutputError("cannot move results into '" + destination_.string() + "': " + ec.message());
  }
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

void write_text_file(const fs::path& path, const std::string& content) {
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
