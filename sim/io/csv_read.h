#pragma once
#include <string>
#include <vector>

namespace mv {

/// RFC 4180 reader: quoted fields (with "" for a quote), CRLF or LF line ends.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

/// Splits one line of a numeric CSV (no quoted fields) at commas; a trailing CR is dropped.
std::vector<std::string> split_csv_line(const std::string& line);

/// Parses a number as the writers print it ("NaN" for undefined); false on anything else.
bool parse_csv_number(const std::string& text, double& out);

}  // namespace mv
