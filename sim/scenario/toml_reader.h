#pragma once
// Strict reading of TOML input files (scenarios, lenses, sweeps): every key known, every value
// of the right type and range, and every error naming file:line:column, what was wrong and
// what was expected (STYLE.md rule 7). toml++ supplies the source positions.
#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"
#include "scenario/run_settings.h"

namespace mv {

/// The position of a TOML node in `file`.
SourcePosition toml_position(const toml::source_region& r, const std::filesystem::path& file);

/// "a string", "an integer", ... for "expected" messages.
const char* toml_type_name(const toml::node& n);

/// Parses a TOML file of at most `max_bytes`; `what` names the kind of file in messages.
/// @throws InputError for a missing file, a directory, an oversized file or malformed TOML.
toml::table parse_toml_file(const std::filesystem::path& file, std::uintmax_t max_bytes,
                            const std::string& what);

/// `s` as a TOML basic string: quotes, backslashes and every control character escaped, so
/// any text (a multi-line description, say) reads back unchanged.
std::string toml_quoted(const std::string& s);

/// Typed access to the values of one TOML file; every failure is an InputError at the node.
class TomlReader {
 public:
  explicit TomlReader(std::filesystem::path file) : file_(std::move(file)) {}
  const std::filesystem::path& file() const { return file_; }

  [[noreturn]] void fail(const toml::node& n, const std::string& what, const std::string& expected = {},
                         const std::string& hint = {}) const;
  /// Every key of `t` must be in `allowed` (unknown ones get a "did you mean").
  void check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                  const std::string& kind) const;
  /// Names become directory names and CSV values: letters, digits, '_', '-', '.'.
  void check_name(const toml::node& n, const std::string& name) const;
  /// The name a file without a 'name' key gets: its stem, under the same rule.
  /// @throws InputError naming the file.
  std::string name_from_file() const;
  const toml::table& table_of(const toml::node& n, const std::string& what) const;
  std::string string_of(const toml::node& n, const std::string& what) const;
  bool bool_of(const toml::node& n, const std::string& what) const;
  double number_of(const toml::node& n, const std::string& what) const;
  int64_t integer_of(const toml::node& n, const std::string& what, int64_t lo, int64_t hi) const;
  /// An integer within the bounds of run setting `s`.
  int64_t setting_of(const toml::node& n, const std::string& what, RunSetting s) const;
  /// A "YYYY-MM" month within the bounds of run setting `s` (start or horizon).
  YearMonth month_of(const toml::node& n, const std::string& what, RunSetting s) const;

 protected:
  std::filesystem::path file_;
};

}  // namespace mv
