// multivector params: the parameter table (scenario/parameters.h), or with --outcomes the outcome
// table (model/model.h), as text, CSV or Markdown.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/suggest.h"
#include "io/sweep_writers.h"
#include "io/writers.h"
#include "scenario/scenario.h"

namespace mv::cli {

namespace {

/// The outcome table; its CSV is outcomes.csv as every batch writes it.
void print_outcomes(const std::string& fmt) {
  if (fmt == "csv") {
    std::cout << outcomes_csv();
  } else if (fmt == "markdown") {
    std::cout << "| outcome | unit | kind | description |\n|---|---|---|---|\n";
    for (const auto& o : kOutcomes)
      std::cout << "| `" << o.name << "` | " << o.unit << " | " << (o.is_event ? "event" : "continuous") << " | "
                << o.description << " |\n";
  } else {
    for (const auto& o : kOutcomes)
      std::cout << o.name << " (" << (o.is_event ? "event" : o.unit) << ")\n    " << o.description << "\n";
  }
}

/// The fixed headers, as the writers build them (io/writers.h, io/sweep_writers.h): one column
/// name per line, for readers in other languages.
const std::vector<std::pair<std::string, std::vector<std::string> (*)()>>& column_files() {
  static const std::vector<std::pair<std::string, std::vector<std::string> (*)()>> files = {
      {"runs.csv", [] { return runs_csv_columns(); }},
      {"replicate_series.csv", [] { return replicate_series_columns(false); }},
      {"replicates.csv", [] { return replicates_csv_columns(); }},
      {"sweep/replicate_series.csv", [] { return replicate_series_columns(true); }},
  };
  return files;
}

}  // namespace

int cmd_params(const std::vector<std::string>& args, const std::string& /*command_line*/) {
  po::options_description opts("options of 'multivector params'");
  opts.add_options()("format", po::value<std::string>()->default_value("text"), "text, csv or markdown")(
      "outcomes", "list the outcomes (name, unit, description, kind) instead of the parameters")(
      "columns", po::value<std::string>(),
      "list the columns of a file, one a line: runs.csv, replicate_series.csv, replicates.csv or "
      "sweep/replicate_series.csv")(
      "help", "show this help");
  const auto vm = parse_options("params", args, opts, {}, {});
  if (printed_help(vm, "params", opts)) return kExitOk;
  const std::string fmt = vm["format"].as<std::string>();
  if (vm.count("columns")) {
    const std::string file = vm["columns"].as<std::string>();
    std::vector<std::string> names;
    for (const auto& [name, columns] : column_files()) {
      names.push_back(name);
      if (name == file) {
        for (const auto& c : columns()) std::cout << c << "\n";
        return kExitOk;
      }
    }
    const std::string hint = closest_match(file, names);
    throw UsageError("unknown file '" + file + "' for --columns; expected one of " + join(names) +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  if (vm.count("outcomes") && (fmt == "csv" || fmt == "markdown" || fmt == "text")) {
    print_outcomes(fmt);
  } else if (fmt == "csv") {
    std::cout << parameters_csv();
  } else if (fmt == "markdown") {
    std::cout
        << "| parameter | default | prior | bounds | unit | description | source |\n|---|---|---|---|---|---|---|\n";
    for (const auto& p : kParameters)
      std::cout << "| `" << p.name << "` | " << format_double(p.default_value) << " | " << prior(p).describe()
                << " | [" << format_double(p.lower) << ", " << format_double(p.upper) << "] | " << p.unit << " | "
                << p.description << " | " << p.source << " |\n";
  } else if (fmt == "text") {
    for (const auto& p : kParameters)
      std::cout << p.name << " = " << format_double(p.default_value) << " " << p.unit << "  prior "
                << prior(p).describe() << "  bounds [" << format_double(p.lower) << ", " << format_double(p.upper)
                << "]\n    " << p.description
                << "\n    source: " << p.source << "\n";
  } else {
    const std::vector<std::string> formats = {"text", "csv", "markdown"};
    const std::string hint = closest_match(fmt, formats);
    throw UsageError("unknown format '" + fmt + "' for --format; expected one of text, csv, markdown" +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  return kExitOk;
}

}  // namespace mv::cli
