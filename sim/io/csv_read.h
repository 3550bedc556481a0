#pragma once
#include <string>
#include <vector>

namespace mv {

/// RFC 4180 reader: quoted fields (with "" for a quote), CRLF or LF line ends.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

}  // namespace mv
