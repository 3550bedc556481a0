#include "cli/options.h"

#include "validation/observed.h"

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "core/suggest.h"

namespace mv::cli {

namespace fs = std::filesystem;

po::variables_map parse_options(const std::string& command, const std::vector<std::string>& args,
                                const po::options_description& visible,
                                const po::positional_options_description& positional,
                                const po::options_description& hidden) {
  po::options_description all;
  all.add(visible).add(hidden);
  po::variables_map vm;
  try {
    // No abbreviations: "--thread" is an error with a suggestion, not a silent guess.
    const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(args).options(all).positional(positional).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> names;
    for (const auto& o : visible.options()) names.push_back("--" + o->long_name());
    const std::string bad = e.get_option_name();
    const std::string hint = closest_match(bad, names);
    throw UsageError("unknown option '" + bad + "' for '" + command + "'; expected one of " + join(names) +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError("too many arguments for '" + command + "'; see 'multivector " + command + " --help'");
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + "; see 'multivector " + command + " --help'");
  }
  return vm;
}

po::variables_map parse_scenario_command(const std::string& command, const std::vector<std::string>& args,
                                         const po::options_description& visible) {
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("scenario", 1);
  return parse_options(command, args, visible, pos, hidden);
}

void print_command_help(const std::string& name, const po::options_description& options) {
  if (const Command* c = find_command(name))
    std::cout << "usage: multivector " << c->synopsis << "\n\n" << c->summary << "\n\n";
  std::cout << options;
}

bool printed_help(const po::variables_map& vm, const std::string& name, const po::options_description& opts) {
  if (!vm.count("help")) return false;
  print_command_help(name, opts);
  return true;
}

fs::path resolve_lens(const std::string& name, const fs::path& scenario) {
  std::error_code ec;
  if (fs::is_regular_file(name, ec)) return name;
  const fs::path dir = scenario.parent_path().empty() ? fs::path(".") : scenario.parent_path();
  const std::vector<fs::path> folders = {dir / "lenses", dir / ".." / "lenses",
                                         fs::path("scenarios") / "lenses"};
  std::vector<std::string> known;
  for (const auto& folder : folders) {
    const fs::path candidate = folder / (name + ".toml");
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (fs::is_directory(folder, ec))
      for (const auto& e : fs::directory_iterator(folder, ec))
        if (e.path().extension() == ".toml") known.push_back(e.path().stem().string());
  }
  std::sort(known.begin(), known.end());
  known.erase(std::unique(known.begin(), known.end()), known.end());
  const std::string hint = closest_match(name, known);
  throw UsageError("unknown lens '" + name + "'; expected " +
                   (known.empty() ? std::string("a path to a lens file") : "one of " + join(known)) +
                   (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
}

Scenario load_with_lenses(const po::variables_map& vm) {
  const fs::path path = vm["scenario"].as<std::string>();
  std::vector<fs::path> lenses;
  if (vm.count("lens"))
    for (const auto& name : vm["lens"].as<std::vector<std::string>>())
      lenses.push_back(resolve_lens(name, path));
  return load_scenario(path, lenses);
}

std::pair<int, int> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  auto bad = [&] {
    return UsageError("invalid value '" + text +
                      "' for --shard; expected I/N with 0 <= I < N, e.g. 0/4 ... 3/4");
  };
  if (slash == std::string::npos) throw bad();
  int i = 0, n = 0;
  const std::string a = text.substr(0, slash), b = text.substr(slash + 1);
  auto ra = std::from_chars(a.data(), a.data() + a.size(), i);
  auto rb = std::from_chars(b.data(), b.data() + b.size(), n);
  if (ra.ec != std::errc{} || ra.ptr != a.data() + a.size() || rb.ec != std::errc{} ||
      rb.ptr != b.data() + b.size() || n < 1 || n > 100'000 || i < 0 || i >= n)
    throw bad();
  return {i, n};
}

std::string setting_help(RunSetting s, const std::string& what, const std::string& default_text) {
  return what + ", " + range_text(s) + " (default: " + default_text + ")";
}

int threads_option(const po::variables_map& vm) {
  if (vm.count("threads"))
    return parse_setting<int>(vm["threads"].as<std::string>(), "threads", RunSetting::threads);
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

namespace {
/// The longest --out name: NAME_MAX (255 on Linux and macOS) less the staging suffix.
constexpr size_t kMaxOutName = 240;

/// True if `inner` is `outer` or lies below it (paths absolute and normal).
bool is_within(const fs::path& inner, const fs::path& outer) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end() && !o->empty(); ++o, ++i)
    if (i == inner.end() || *i != *o) return false;
  return true;
}
}  // namespace

fs::path output_path(const std::string& given) {
  if (given.empty()) throw UsageError("--out is empty; expected a directory path");
  fs::path out = fs::absolute(given).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  // A symbolic link names where the results go: replace (with --force) what it points to, not
  // the link. (A link to a link, or a dangling one, resolves as far as it exists.)
  std::error_code link_ec;
  if (fs::is_symlink(out, link_ec)) {
    const fs::path target = fs::weakly_canonical(out, link_ec);
    if (!link_ec) out = target;
  }
  // The hidden names beside it (".NAME.tmp-PID", ".NAME.partial") must fit in a file name too.
  if (out.filename().string().size() > kMaxOutName)
    throw UsageError("--out name '" + out.filename().string().substr(0, 40) + "...' is " +
                     std::to_string(out.filename().string().size()) + " bytes long; expected at most " +
                     std::to_string(kMaxOutName) + " (the staging directory beside it adds up to 15)");
  if (out == out.root_path() || out.filename() == "." || out.filename() == "..")
    throw UsageError("--out '" + out.string() + "' cannot hold results; expected a path to a new directory");
  // Results replace the directory with --force: never the working directory or one holding it
  // ("." and "x/.." normalise to it), also through a symbolic link.
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const fs::path real = fs::weakly_canonical(out, ec);
  if (!cwd.empty() && (is_within(cwd, out) || (!ec && is_within(cwd, real))))
    throw UsageError("--out '" + given +
                     "' is the working directory or holds it; expected a path to a new directory");
  return out;
}

void print_removed(const std::vector<std::string>& removed) {
  for (const auto& r : removed) std::cerr << "multivector: note: " << r << "\n";
}

std::string format_seconds(double s) {
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%.1fs", s);
  else
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return buf;
}

std::function<void(int64_t, int64_t)> progress_line(std::chrono::steady_clock::time_point t0,
                                                    const char* unit) {
  return [t0, unit](int64_t done, int64_t total) {
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double rate = el > 0 ? static_cast<double>(done) / el : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    const std::string eta_text = done > 0 ? format_seconds(eta) : std::string("--");
    std::fprintf(stderr, "\r%lld/%lld %s  %3.0f%%  %.0f %s/s  ETA %s   ", static_cast<long long>(done),
                 static_cast<long long>(total), unit,
                 total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0, rate,
                 unit, eta_text.c_str());
    std::fflush(stderr);
  };
}

std::atomic<bool> g_interrupted{false};

namespace {
extern "C" void on_signal(int) {
  g_interrupted.store(true);
}
}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

std::filesystem::path observed_dir_option(const po::variables_map& vm, const std::filesystem::path& scenario) {
  if (vm.count("observed")) return vm["observed"].as<std::string>();
  if (auto found = find_observed_dir(scenario.parent_path())) return *found;
  throw UsageError("no data/observed folder above '" + scenario.string() + "'; expected --observed DIR");
}

}  // namespace mv::cli
