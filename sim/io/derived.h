#pragma once
// Derived outputs: files that a command other than `run` writes into a results directory
// (report.html, discovery.csv, an explain or facts file). The directory's manifest.json lists
// each under "derived" with the command and command line that wrote it, so that command may
// write it again without --force, and `run --force`, which replaces the whole directory, can
// say what it removed and how to make it again.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mv {

struct DerivedFile {
  std::string file;          // its name in the results directory
  std::string command;       // the multivector command that wrote it, e.g. "report"
  std::string command_line;  // the full command line, to make it again
};

/// The derived files `dir`'s manifest.json lists (none when it has no manifest or no list).
std::vector<DerivedFile> derived_files(const std::filesystem::path& dir);

/// Checks that `command` may write `out`: a new file, --force, or a file the same command wrote
/// into a results directory before (listed as derived in the directory's manifest.json).
/// @throws OutputError otherwise.
void check_derived_output(const std::filesystem::path& out, bool force, std::string_view command);

/// Writes `content` to `out` atomically and, when `out`'s directory holds results (a
/// manifest.json), lists it there as derived by `command`. @throws OutputError.
void write_derived_output(const std::filesystem::path& out, const std::string& content,
                          std::string_view command, const std::string& command_line);

/// One sentence per file that replacing the results in `old_dir` by those in `new_dir` removes
/// without a replacement: derived files (with the command line that makes them again) and files
/// multivector did not write. The old results' own files (the manifest's "files") are not named.
std::vector<std::string> removed_by_replacing(const std::filesystem::path& old_dir,
                                              const std::filesystem::path& new_dir);

}  // namespace mv
