#pragma once
// Helpers the fuzz targets share.
#include <cstdio>
#include <filesystem>
#include <string>

namespace mvfuzz {

/// Writes `text` to `p` as raw bytes (a failure is ignored: the reader under test then sees a
/// missing file, which is one more input).
inline void write(const std::filesystem::path& p, const std::string& text) {
  std::FILE* f = std::fopen(p.c_str(), "wb");
  if (!f) return;
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

}  // namespace mvfuzz
