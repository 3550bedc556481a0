#include "scenario/toml_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "core/suggest.h"

namespace mv {

namespace fs = std::filesystem;

SourcePosition toml_position(const toml::source_region& r, const fs::path& file) {
  return {file.string(), static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

const char* toml_type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

toml::table parse_toml_file(const fs::path& file, std::uintmax_t max_bytes, const std::string& what) {
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (fs::is_directory(status))
    throw InputError({file.string()}, "is a directory, not a " + what + " file",
                     "a path to a .toml " + what + " file");
  if (ec && status.type() != fs::file_type::not_found)  // a symlink loop, a forbidden folder
    throw InputError({file.string()}, "cannot open " + what + " file (" + ec.message() + ")",
                     "a path to a .toml " + what + " file");
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw InputError({file.string()}, "is not a regular file (a pipe, device or socket)",
                     "a path to a .toml " + what + " file");
  if (!fs::is_regular_file(status))
    throw InputError({file.string()}, "cannot open " + what + " file (no such file)",
                     "a path to a .toml " + what + " file");
  if (fs::file_size(file, ec) > max_bytes)
    throw InputError({file.string()}, "file is larger than " + std::to_string(max_bytes >> 20) + " MiB",
                     "a " + what + " file of reasonable size");
  try {
    return toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw InputError(toml_position(e.source(), file), "malformed TOML: " + std::string(e.description()),
                     "valid TOML (https://toml.io)");
  }
}

std::string toml_quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

void TomlReader::fail(const toml::node& n, const std::string& what, const std::string& expected,
                      const std::string& hint) const {
  throw InputError(toml_position(n.source(), file_), what, expected, hint);
}

void TomlReader::check_keys(const toml::table& t, const std::vector<std::string>& allowed,
                            const std::string& kind) const {
  for (auto&& [k, v] : t) {
    const std::string key(k.str());
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw InputError(toml_position(k.source(), file_), "unknown " + kind + " '" + key + "'",
                       "one of " + join(allowed), closest_match(key, allowed));
  }
}

namespace {
constexpr const char* kNameRule = "1-100 letters, digits, '_', '-' or '.', not starting with '.'";
bool is_valid_name(const std::string& name) {
  return !name.empty() && name[0] != '.' && name.size() <= 100 &&
         std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-' || c == '.'; });
}
}  // namespace

void TomlReader::check_name(const toml::node& n, const std::string& name) const {
  if (!is_valid_name(name)) fail(n, "'" + name + "' is not a valid name", kNameRule);
}

std::string TomlReader::name_from_file() const {
  const std::string name = file_.stem().string();
  if (!is_valid_name(name))
    throw InputError({file_.string()},
                     "the file name gives the name '" + name + "', which is not a valid name",
                     std::string("a 'name' key, or a file name of ") + kNameRule);
  return name;
}

const toml::table& TomlReader::table_of(const toml::node& n, const std::string& what) const {
  if (auto* t = n.as_table()) return *t;
  fail(n, "'" + what + "' is " + toml_type_name(n), "a table");
}

std::string TomlReader::string_of(const toml::node& n, const std::string& what) const {
  if (auto* s = n.as_string()) return s->get();
  fail(n, "'" + what + "' is " + toml_type_name(n), "a string");
}

bool TomlReader::bool_of(const toml::node& n, const std::string& what) const {
  if (auto* b = n.as_boolean()) return b->get();
  fail(n, "'" + what + "' is " + toml_type_name(n), "true or false");
}

double TomlReader::number_of(const toml::node& n, const std::string& what) const {
  if (auto* i = n.as_integer()) return static_cast<double>(i->get());
  if (auto* f = n.as_floating_point()) {
    if (!std::isfinite(f->get())) fail(n, "'" + what + "' is not finite", "a finite number");
    return f->get();
  }
  fail(n, "'" + what + "' is " + toml_type_name(n), "a number");
}

int64_t TomlReader::integer_of(const toml::node& n, const std::string& what, int64_t lo, int64_t hi) const {
  auto* i = n.as_integer();
  if (!i) fail(n, "'" + what + "' is " + toml_type_name(n), "an integer");
  if (i->get() < lo || i->get() > hi)
    fail(n, "'" + what + "' = " + std::to_string(i->get()) + " is out of range",
         "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return i->get();
}

int64_t TomlReader::setting_of(const toml::node& n, const std::string& what, RunSetting s) const {
  return integer_of(n, what, spec(s).lower, spec(s).upper);
}

YearMonth TomlReader::month_of(const toml::node& n, const std::string& what, RunSetting setting) const {
  const std::string s = string_of(n, what);
  const RunSettingSpec& sp = spec(setting);
  if (auto ym = parse_year_month(s); ym && ym->index() >= sp.lower && ym->index() <= sp.upper) return *ym;
  fail(n,
       "'" + what + "' = \"" + s + "\" is not a month between " + bound_text(setting, sp.lower) + " and " +
           bound_text(setting, sp.upper),
       "a string \"YYYY-MM\", e.g. \"2022-07\"");
}

}  // namespace mv
