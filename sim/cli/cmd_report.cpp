// multivector report: one batch directory (or two, to compare) as a self-contained report.html.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "io/derived.h"
#include "report/report.h"
#include "report/sweep_report.h"

namespace mv::cli {

namespace fs = std::filesystem;

int cmd_report(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector report'");
  opts.add_options()("out", po::value<std::string>(),
                     "HTML file to write (default: DIR/report.html, or DIR/compare-<B>.html for two)")(
      "force", "replace an existing report")("help", "show this help");
  po::options_description hidden;
  hidden.add_options()("dirs", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("dirs", 2);
  const auto vm = parse_options("report", args, opts, pos, hidden);
  if (printed_help(vm, "report", opts)) return kExitOk;
  if (!vm.count("dirs"))
    throw UsageError("'report' needs a batch or sweep output directory, e.g. results/baseline");
  std::vector<fs::path> dirs;
  for (const auto& d : vm["dirs"].as<std::vector<std::string>>()) {
    // An empty name is no directory (and no name for the comparison's file).
    if (d.empty())
      throw UsageError(
          "'report' got an empty directory name; expected a batch output directory, e.g. results/baseline");
    dirs.emplace_back(d);
  }
  const fs::path out =
      vm.count("out") ? fs::path(vm["out"].as<std::string>())
      : dirs.size() == 1
          ? dirs[0] / "report.html"
          : dirs[0] / ("compare-" + fs::absolute(dirs[1]).lexically_normal().filename().string() + ".html");
  check_derived_output(out, vm.count("force") > 0, "report");
  if (dirs.size() == 1 && is_sweep_directory(dirs[0])) {
    write_derived_output(out, build_sweep_report(dirs[0]), "report", command_line);
  } else {
    const Report report = build_report(dirs);
    for (const auto& w : report.warnings) std::cerr << "multivector: warning: " << w << "\n";
    write_derived_output(out, report.html, "report", command_line);
  }
  std::cerr << "wrote " << out.string() << "\n";
  return kExitOk;
}

}  // namespace mv::cli
