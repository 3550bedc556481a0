// multivector dock: one classic submodel alone (dock/dock.h), one CSV row per replicate.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/rng.h"
#include "core/suggest.h"
#include "dock/dock.h"
#include "engine/batch.h"
#include "io/derived.h"
#include "io/writers.h"

namespace mv::cli {

namespace fs = std::filesystem;

namespace {

void print_dock_help() {
  std::cout << "usage: multivector " << find_command("dock")->synopsis
            << "\n\n"
               "Runs one classic submodel alone with its original paper's parameters and writes one CSV row\n"
               "per replicate (run, seed, parameters, outcomes) to standard output or --out.\n\n";
  for (const auto& m : dock::submodels()) {
    std::cout << m.name << ": " << m.description << " [" << m.reference << "]\n";
    for (const auto& p : m.params) {
      std::cout << "  --" << p.name << " (default " << format_double(p.default_value) << ")  "
                << p.description;
      if (!p.choices.empty()) std::cout << "; " << join(p.choices, " | ") << " (or 0, 1, ...)";
      std::cout << "\n";
    }
    for (const auto& p : m.presets) std::cout << "  --preset " << p.name << ": " << p.description << "\n";
  }
}

}  // namespace

int cmd_dock(const std::vector<std::string>& args, const std::string& command_line) {
  if (args.empty() || args[0] == "--help") {
    print_dock_help();
    return args.empty() ? kExitBadInput : kExitOk;
  }
  const dock::Submodel* m = dock::find_submodel(args[0]);
  if (!m) {
    std::vector<std::string> names;
    for (const auto& x : dock::submodels()) names.push_back(x.name);
    const std::string hint = closest_match(args[0], names);
    throw UsageError("unknown submodel '" + args[0] + "'; expected one of " + join(names) +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  std::map<std::string, double> given;
  int64_t runs = spec(RunSetting::replicates).default_value;
  uint64_t seed = 1;
  std::string out, preset;
  bool force = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "--help") {
      print_dock_help();
      return kExitOk;
    }
    if (flag == "--force") {
      force = true;
      continue;
    }
    if (!flag.starts_with("--") || i + 1 >= args.size())
      throw UsageError("expected '--NAME VALUE' pairs after 'dock " + m->name + "', got '" + flag + "'");
    const std::string key = flag.substr(2), value = args[++i];
    if (key == "runs")
      runs = parse_setting<int64_t>(value, "runs", RunSetting::replicates);
    else if (key == "seed")
      seed = parse_setting<uint64_t>(value, "seed", RunSetting::seed);
    else if (key == "out")
      out = value;
    else if (key == "preset")
      preset = value;
    else {
      double x = 0;
      auto r = std::from_chars(value.data(), value.data() + value.size(), x);
      if (r.ec != std::errc{} || r.ptr != value.data() + value.size() || !std::isfinite(x)) {
        // a switch between rules also takes the rule's name
        const auto p = std::find_if(m->params.begin(), m->params.end(),
                                    [&](const dock::DockParam& d) { return d.name == key; });
        if (p == m->params.end() || p->choices.empty())
          throw UsageError("invalid value '" + value + "' for --" + key + "; expected a number");
        x = dock::choice_value(*p, value);
      }
      given[key] = x;
    }
  }
  const dock::Values values = dock::resolve(*m, given, preset);
  if (!out.empty()) check_derived_output(out, force, "dock");
  std::string csv = "run,seed";
  for (const auto& p : m->params) csv += "," + p.name;
  for (int64_t run = 0; run < runs; ++run) {
    const uint64_t rs = replicate_seed(seed, static_cast<uint64_t>(run));
    Rng rng(rs, Stream::kModel);
    const dock::Row row = m->run(values, rng);
    if (run == 0) {
      for (const auto& [name, v] : row) csv += "," + name;
      csv += "\r\n";
    }
    csv += std::to_string(run) + "," + std::to_string(rs);
    for (const auto& p : m->params) csv += "," + csv_number(values.at(p.name));
    for (const auto& [name, v] : row) csv += "," + csv_number(v);
    csv += "\r\n";
  }
  if (out.empty())
    std::cout << csv;
  else
    write_derived_output(out, csv, "dock", command_line);
  return kExitOk;
}

}  // namespace mv::cli
