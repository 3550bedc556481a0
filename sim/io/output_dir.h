#pragma once
// Results are written into a hidden staging directory beside the destination and renamed into
// place only when complete, so an interrupted or failed run never leaves a directory that looks
// finished, and existing results are replaced only with --force.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mv {

/// What a directory holds: each entry's path below it with its size and modification time,
/// or nothing if there was no directory. Taken when --force is checked and again before the
/// replacement, so that what appeared or changed in between is never deleted.
using DirectoryListing = std::optional<std::map<std::string, std::pair<uintmax_t, int64_t>>>;
DirectoryListing list_directory(const std::filesystem::path& dir);

class StagedDirectory {
 public:
  /// @throws OutputError if `destination` exists and !force, or its parent cannot be written.
  StagedDirectory(std::filesystem::path destination, bool force);
  ~StagedDirectory();  // removes the staging directory unless committed
  StagedDirectory(const StagedDirectory&) = delete;
  StagedDirectory& operator=(const StagedDirectory&) = delete;

  const std::filesystem::path& staging() const { return staging_; }
  const std::filesystem::path& destination() const { return destination_; }
  /// Moves the staging directory to the destination (replacing it when forced); returns what
  /// the replacement removed, as sentences (see removed_by_replacing).
  /// @throws OutputError if the rename fails; the old results are then left in place.
  std::vector<std::string> commit();
  /// Removes the staging directory now (used by signal handling).
  void discard() noexcept;

 private:
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool force_;
  DirectoryListing before_;  // the destination as --force found it
  bool committed_ = false;
};

/// Checks that results may be written to `destination` (new, or an earlier output directory
/// when forced) and creates its parent; returns it without a trailing separator.
/// @throws OutputError otherwise.
std::filesystem::path check_destination(std::filesystem::path destination, bool force);

/// Renames a finished staging directory to `destination`, replacing an earlier one if `force`
/// and it still holds what `before` lists (list_directory when the run began); on failure the
/// earlier results, and anything added to them during the run, are left in place. Returns one
/// sentence per file of the earlier results the new ones do not replace (removed_by_replacing).
/// @throws OutputError.
std::vector<std::string> move_into_place(const std::filesystem::path& staging,
                                         const std::filesystem::path& destination, bool force,
                                         const DirectoryListing& before);

/// True when the MV_FAULT_INJECT test hook asks to delete the staging directory mid-run.
bool fault_injected_remove_staging();

/// Writes `content` to `path`, checking every step. @throws OutputError.
void write_text_file(const std::filesystem::path& path, const std::string& content);

/// Writes `content` to a temporary file beside `path` and renames it into place, so a reader
/// never sees a half-written file under the real name. @throws OutputError.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

/// A file appended to with every error checked: a full disk or a removed directory stops the
/// writer with the file's name and the reason (MV_FAULT_INJECT=enospc simulates a full disk).
class AppendFile {
 public:
  /// @throws OutputError if the file cannot be opened for appending.
  explicit AppendFile(std::filesystem::path path);
  ~AppendFile();
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;
  /// @throws OutputError
  void write(std::string_view bytes);
  /// Pushes what was written to the operating system (a kill no longer loses it). @throws OutputError
  void flush();
  /// @throws OutputError
  void close();

 private:
  std::filesystem::path path_;
  std::FILE* f_ = nullptr;
};

/// SHA-256 of bytes, as 64 lowercase hex digits.
std::string sha256_hex(const std::string& bytes);

}  // namespace mv
