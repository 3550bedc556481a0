#include "core/error.h"

namespace mv {

std::string SourcePosition::to_string() const {
  std::string s = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s;
}

namespace {
std::string format_input_error(const SourcePosition& where, const std::string& what,
                               const std::string& expected, const std::string& suggestion) {
  std::string msg = where.to_string() + ": error: " + what;
  if (!expected.empty()) msg += "; expected " + expected;
  if (!suggestion.empty()) msg += " (did you mean '" + suggestion + "'?)";
  return msg;
}
}  // namespace

InputError::InputError(SourcePosition where, std::string what, std::string expected, std::string suggestion)
    : Error(format_input_error(where, what, expected, suggestion)),
      where_(std::move(where)),
      problem_(std::move(what)) {}

}  // namespace mv
