// multivector explain: replay one replicate of a batch as a narrative or a full trace.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/calendar.h"
#include "core/suggest.h"
#include "explain/explain.h"
#include "io/derived.h"
#include "report/story.h"

namespace mv::cli {

namespace fs = std::filesystem;

int cmd_explain(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector explain'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens by name or path; repeatable")(
      "run", po::value<std::string>()->default_value("0"), "the replicate: row K of runs.csv")(
      "seed", po::value<std::string>(), "the batch's master seed (default: the scenario's [run] seed)")(
      "citizens", po::value<std::string>(),
      "citizens per replicate (default: the scenario's; must match the batch)")(
      "format", po::value<std::string>()->default_value("text"),
      "text (narrative), csv (full per-step trace) or html (the narrative beside a picture of the run)")(
      "out", po::value<std::string>(), "file to write (default: standard output)")(
      "verbose", "narrate every month (default: only the months in which something happened)")(
      "from", po::value<std::string>(), "first month narrated, YYYY-MM (default: the start)")(
      "to", po::value<std::string>(), "last month narrated, YYYY-MM (default: the horizon)")(
      "force", "replace an existing --out file")("help", "show this help");
  const auto vm = parse_scenario_command("explain", args, opts);
  if (printed_help(vm, "explain", opts)) return kExitOk;
  if (!vm.count("scenario"))
    throw UsageError("'explain' needs a scenario file, e.g. scenarios/baseline.toml");
  Scenario sc = load_with_lenses(vm);
  ExplainOptions eo;
  eo.seed = vm.count("seed") ? parse_setting<uint64_t>(vm["seed"].as<std::string>(), "seed", RunSetting::seed)
                             : sc.run.seed;
  eo.run = parse_number<int64_t>(vm["run"].as<std::string>(), "run", 0, spec(RunSetting::runs).upper - 1);
  if (vm.count("citizens"))
    sc.run.citizens =
        parse_setting<int64_t>(vm["citizens"].as<std::string>(), "citizens", RunSetting::citizens);
  eo.verbose = vm.count("verbose") > 0;
  auto month_option = [&](const char* name, int fallback) {
    if (!vm.count(name)) return fallback;
    const std::string text = vm[name].as<std::string>();
    const auto m = parse_year_month(text);
    if (!m || m->index() < sc.run.start.index() || m->index() > sc.run.horizon.index())
      throw UsageError("invalid value '" + text + "' for --" + name + "; expected a month YYYY-MM from " +
                       sc.run.start.to_string() + " to " + sc.run.horizon.to_string());
    return m->index() - sc.run.start.index();
  };
  eo.from = month_option("from", 0);
  eo.to = month_option("to", sc.run.steps() - 1);
  if (eo.from > eo.to)
    throw UsageError("--from " + vm["from"].as<std::string>() + " is after --to " + vm["to"].as<std::string>() +
                     "; expected --from at or before --to");
  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "csv" && format != "html") {
    const std::string hint = closest_match(format, {"text", "csv", "html"});
    throw UsageError("unknown format '" + format + "' for --format; expected text, csv or html" +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  }
  const fs::path out = vm.count("out") ? fs::path(vm["out"].as<std::string>()) : fs::path();
  if (!out.empty()) check_derived_output(out, vm.count("force") > 0, "explain");
  const std::string text = format == "text"  ? explain_text(sc, eo)
                           : format == "csv" ? explain_csv(sc, eo)
                                             : build_story_page(sc, eo);
  if (out.empty())
    std::cout << text;
  else
    write_derived_output(out, text, "explain", command_line);
  return kExitOk;
}

}  // namespace mv::cli
