#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mv {

/// Optimal-string-alignment edit distance (insertions, deletions, substitutions, swaps).
int edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `name` if it is near enough to be a likely typo, else "".
/// "Near enough": distance <= max(1, |name|/3), or one is a prefix of the other.
std::string closest_match(std::string_view name, const std::vector<std::string>& candidates);

/// "a, b, c" — for "expected one of ..." messages.
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

}  // namespace mv
