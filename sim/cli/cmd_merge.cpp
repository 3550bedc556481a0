// multivector merge: the shard directories of one run or sweep into what one process writes.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "shard/merge.h"

namespace mv::cli {

namespace fs = std::filesystem;

int cmd_merge(const std::vector<std::string>& args, const std::string& command_line) {
  po::options_description opts("options of 'multivector merge'");
  opts.add_options()("out", po::value<std::string>(), "the merged output directory (required)")(
      "force", "replace earlier results")(
      "allow-version-mismatch",
      "merge shards written by different program versions or commits (recorded in the manifest)")(
      "help", "show this help");
  po::options_description hidden;
  hidden.add_options()("dirs", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("dirs", -1);
  const auto vm = parse_options("merge", args, opts, pos, hidden);
  if (printed_help(vm, "merge", opts)) return kExitOk;
  if (!vm.count("dirs"))
    throw UsageError(
        "'merge' needs the shard directories, e.g. multivector merge results/x.shard-*-of-4 --out results/x");
  if (!vm.count("out")) throw UsageError("'merge' needs --out DIR for the merged results");
  std::vector<fs::path> dirs;
  for (const auto& d : vm["dirs"].as<std::vector<std::string>>()) dirs.emplace_back(d);
  const MergeSummary m = merge_shards(dirs, output_path(vm["out"].as<std::string>()), vm.count("force") > 0,
                                      command_line, vm.count("allow-version-mismatch") > 0);
  for (const auto& w : m.warnings) std::cerr << "multivector: warning: sensitivity: " << w << "\n";
  print_removed(m.removed);
  std::cerr << "merged " << dirs.size() << " shards (" << m.items << " " << m.unit << ") into "
            << m.out.string() << "\n";
  if (!m.sensitivity_error.empty()) {
    std::cerr << "multivector: " << m.sensitivity_error << "; sensitivity.csv was not written\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace mv::cli
