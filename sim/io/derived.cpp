#include "io/derived.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "io/output_dir.h"

namespace mv {

namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "manifest.json";

/// The manifest as a JSON object, or a discarded value when absent or unreadable.
nlohmann::ordered_json read_manifest(const fs::path& dir) {
  std::ifstream in(dir / kManifest, std::ios::binary);
  if (!in) return nlohmann::ordered_json(nlohmann::ordered_json::value_t::discarded);
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::ordered_json::parse(ss.str(), nullptr, false);
  if (!j.is_object()) return nlohmann::ordered_json(nlohmann::ordered_json::value_t::discarded);
  return j;
}

fs::path parent_of(const fs::path& out) {
  const fs::path p = out.parent_path();
  return p.empty() ? fs::path(".") : p;
}

}  // namespace

std::vector<DerivedFile> derived_files(const fs::path& dir) {
  std::vector<DerivedFile> files;
  const auto m = read_manifest(dir);
  if (m.is_discarded() || !m.contains("derived") || !m["derived"].is_array()) return files;
  for (const auto& d : m["derived"])
    if (d.is_object() && d.value("file", nlohmann::ordered_json()).is_string())
      files.push_back({d["file"].get<std::string>(), d.value("command", std::string()),
                       d.value("command_line", std::string())});
  return files;
}

void check_derived_output(const fs::path& out, bool force, std::string_view command) {
  std::error_code ec;
  if (force || !fs::exists(out, ec)) return;
  const std::string name = out.filename().string();
  for (const auto& d : derived_files(parent_of(out)))
    if (d.file == name && d.command == command) return;  // its own earlier output
  throw OutputError("'" + out.string() +
                    "' already exists; expected a new file, or --force to replace it (a file "
                    "'multivector " +
                    std::string(command) +
                    "' wrote into a results directory is replaced "
                    "without --force)");
}

void write_derived_output(const fs::path& out, const std::string& content, std::string_view command,
                          const std::string& command_line) {
  write_file_atomically(out, content);
  const fs::path dir = parent_of(out);
  auto m = read_manifest(dir);
  if (m.is_discarded()) return;  // not a results directory: nothing to record
  const std::string name = out.filename().string();
  if (name == kManifest) return;
  nlohmann::ordered_json& list = m["derived"];
  if (!list.is_array()) list = nlohmann::ordered_json::array();
  nlohmann::ordered_json entry = {{"file", name}, {"command", command}, {"command_line", command_line}};
  const auto same = std::find_if(list.begin(), list.end(),
                                 [&](const auto& d) { return d.is_object() && d.value("file", "") == name; });
  if (same != list.end() && *same == entry) return;  // already listed as it is
  if (same != list.end())
    *same = entry;
  else
    list.push_back(entry);
  write_file_atomically(dir / kManifest, m.dump(2) + "\n");
}

std::vector<std::string> removed_by_replacing(const fs::path& dir, const fs::path& new_dir) {
  std::vector<std::string> notes;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return notes;
  const std::vector<DerivedFile> derived = derived_files(dir);
  std::vector<std::string> kept = {kManifest};
  for (const auto& e : fs::directory_iterator(new_dir, ec)) kept.push_back(e.path().filename().string());
  if (const auto m = read_manifest(dir); !m.is_discarded() && m.contains("files") && m["files"].is_array())
    for (const auto& f : m["files"])
      if (f.is_string()) kept.push_back(f.get<std::string>());
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    if (std::find(kept.begin(), kept.end(), name) != kept.end()) continue;
    const auto d =
        std::find_if(derived.begin(), derived.end(), [&](const auto& x) { return x.file == name; });
    const std::string where = "'" + (dir / name).string() + "'";
    if (d != derived.end())
      notes.push_back("--force removed " + where + " (written by '" + d->command_line +
                      "' from the old results; run it again to make it from the new ones)");
    else
      notes.push_back("--force removed " + where + " (not written by multivector)");
  }
  return notes;
}

}  // namespace mv
