// multivector sensitivity: Sobol' or Morris indices of a finished sweep, or their ranking.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/suggest.h"
#include "io/derived.h"
#include "sweep/analysis.h"
#include "sweep/sweep.h"

namespace mv::cli {

namespace fs = std::filesystem;

int cmd_sensitivity(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector sensitivity'");
  opts.add_options()("rank", po::value<std::string>(),
                     "print the factors ranked for one outcome (from DIR/sensitivity.csv); writes nothing")(
      "nan-policy", po::value<std::string>(),
      "drop (leave out and count undefined values) or error (default: the sweep's nan_policy)")(
      "bootstrap", po::value<std::string>(), "Sobol' bootstrap resamples (default: the sweep's bootstrap)")(
      "out", po::value<std::string>(), "file to write (default: DIR/sensitivity.csv)")(
      "force", "replace an existing file")("help", "show this help");
  po::options_description hidden;
  hidden.add_options()("dir", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("dir", 1);
  const auto vm = parse_options("sensitivity", args, opts, pos, hidden);
  if (printed_help(vm, "sensitivity", opts)) return kExitOk;
  if (!vm.count("dir"))
    throw UsageError("'sensitivity' needs a sweep output directory, e.g. results/route_security");
  const fs::path dir = vm["dir"].as<std::string>();
  if (!fs::is_regular_file(dir / "sweep.resolved.toml"))
    throw UsageError("'" + dir.string() +
                     "' is not a sweep output directory (no sweep.resolved.toml); expected the --out of "
                     "'multivector sweep'");
  const Sweep sw = load_sweep(dir / "sweep.resolved.toml");
  {
    // A shard's manifest says which slice it holds; a whole sweep has shard.count 1.
    std::ifstream in(dir / "manifest.json", std::ios::binary);
    const auto manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    const bool shard = manifest.is_object() && manifest.contains("shard") && manifest["shard"].is_object() &&
                       manifest["shard"].value("count", 1) > 1;
    if (shard)
      throw UsageError("'" + dir.string() +
                       "' holds one shard of a sweep; expected the whole sweep (combine the shards with "
                       "'multivector merge' first)");
  }
  if (vm.count("rank"))
    for (const char* other : {"nan-policy", "bootstrap", "out", "force"})
      if (vm.count(other))
        throw UsageError(
            std::string("--rank prints the ranking from DIR/sensitivity.csv and cannot be combined with --") +
            other + "; expected either --rank OUTCOME or the options that compute sensitivity.csv");
  if (vm.count("rank") && sw.has_sensitivity()) {
    const fs::path csv = dir / "sensitivity.csv";
    if (!fs::is_regular_file(csv))
      throw UsageError("'" + dir.string() +
                       "' has no sensitivity.csv; expected a finished sweep (run 'multivector sensitivity " +
                       dir.string() + "' first)");
    std::ifstream in(csv, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    std::cout << sensitivity_ranking(text, vm["rank"].as<std::string>());
    return kExitOk;
  }
  if (!sw.has_sensitivity())
    throw UsageError(
        "the sweep in '" + dir.string() + "' has a " + kDesignNames[static_cast<int>(sw.design)] +
        " design; expected a sobol design (Sobol' indices) or a morris design (elementary effects)");
  NanPolicy policy = sw.nan_policy;
  if (vm.count("nan-policy")) {
    const std::string p = vm["nan-policy"].as<std::string>();
    if (p == "drop")
      policy = NanPolicy::drop;
    else if (p == "error")
      policy = NanPolicy::error;
    else
      throw UsageError("unknown value '" + p + "' for --nan-policy; expected drop or error" +
                       (closest_match(p, {"drop", "error"}).empty()
                            ? ""
                            : " (did you mean '" + closest_match(p, {"drop", "error"}) + "'?)"));
  }
  const int bootstrap = vm.count("bootstrap")
                            ? parse_number<int>(vm["bootstrap"].as<std::string>(), "bootstrap", 0, 100'000)
                            : sw.bootstrap;
  const fs::path out = vm.count("out") ? fs::path(vm["out"].as<std::string>()) : dir / "sensitivity.csv";
  check_derived_output(out, vm.count("force") > 0, "sensitivity");
  const SensitivityReport rep = sensitivity_from_points(sw, dir / "points.csv", policy, bootstrap);
  for (const auto& w : rep.warnings) std::cerr << "multivector: warning: " << w << "\n";
  write_derived_output(out, rep.csv, "sensitivity", command_line);
  std::cerr << "wrote " << out.string() << "\n";
  return kExitOk;
}

}  // namespace mv::cli
