// multivector validate: load a scenario (extends chain and lenses) and describe it, running nothing.
#include <iostream>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/suggest.h"
#include "engine/batch.h"

namespace mv::cli {

int cmd_validate(const std::vector<std::string>& args, const std::string& /*command_line*/) {
  po::options_description opts("options of 'multivector validate'");
  opts.add_options()("lens", po::value<std::vector<std::string>>(),
                     "apply a lens by name or path; repeatable")("help", "show this help");
  const auto vm = parse_scenario_command("validate", args, opts);
  if (printed_help(vm, "validate", opts)) return kExitOk;
  if (!vm.count("scenario")) throw UsageError("'validate' needs a scenario file");
  const Scenario sc = load_with_lenses(vm);
  std::cout << sc.path.string() << ": ok\n";
  std::cout << "  name: " << sc.name << "\n  lenses: " << (sc.lenses.empty() ? "none" : join(sc.lenses))
            << "\n  files:";
  for (const auto& f : sc.files) std::cout << " " << f.filename().string();
  std::cout << "\n  runs " << sc.run.runs << ", seed " << sc.run.seed << ", " << sc.run.start.to_string()
            << " to " << sc.run.horizon.to_string() << " (" << sc.run.steps() << " months)\n";
  std::cout << "  " << sampled_parameters(sc).size() << " of " << kNumParams << " parameters sampled\n";
  std::vector<std::string> off;
  for (int i = 0; i < kNumMechanisms; ++i)
    if (!sc.mechanisms.on[i]) off.emplace_back(kMechanisms[i].name);
  std::cout << "  mechanisms off: " << (off.empty() ? "none" : join(off)) << "\n";
  std::cout << "  events: " << sc.events.size() << "\n";
  for (const auto& e : sc.events)
    std::cout << "    " << e.date.to_string() << "  " << kActorNames[static_cast<int>(e.actor)] << " "
              << spec(e.action).name << " (magnitude " << format_double(e.magnitude) << ", "
              << e.duration_months << " mo)  [" << e.id << "]\n";
  return kExitOk;
}

}  // namespace mv::cli
