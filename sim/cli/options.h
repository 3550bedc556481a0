#pragma once
// What every command's options share: strict number parsing, the option parser with its
// "did you mean", --help from the command table, lenses, --shard, --out and the interrupt flag.
#include <atomic>
#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "scenario/scenario.h"

namespace mv::cli {

namespace po = boost::program_options;

/// Strict number parsing: the whole text must be a number (std::from_chars, no leftovers).
/// @throws UsageError naming --option and the range [lo, hi].
template <typename T>
T parse_number(const std::string& text, const std::string& option, T lo, T hi) {
  T value{};
  const char* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, value);
  if (r.ec != std::errc{} || r.ptr != end || value < lo || value > hi)
    throw UsageError("invalid value '" + text + "' for --" + option + "; expected an integer in [" +
                     std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return value;
}

/// A run setting given as --option, within its bounds in the run-settings table
/// (scenario/run_settings.h). @throws UsageError naming --option and the range.
template <typename T>
T parse_setting(const std::string& text, const std::string& option, RunSetting s) {
  return parse_number<T>(text, option, static_cast<T>(spec(s).lower), static_cast<T>(spec(s).upper));
}
/// The --help line of a run-setting option: `what`, the table's range, then "(default: ...)".
std::string setting_help(RunSetting s, const std::string& what, const std::string& default_text);

/// Parses a command's options; unknown options get a "did you mean". @throws UsageError.
po::variables_map parse_options(const std::string& command, const std::vector<std::string>& args,
                                const po::options_description& visible,
                                const po::positional_options_description& positional,
                                const po::options_description& hidden);

/// Parses a command whose one positional argument is a SCENARIO file. @throws UsageError.
po::variables_map parse_scenario_command(const std::string& command, const std::vector<std::string>& args,
                                         const po::options_description& visible);

/// Prints a command's usage line (from the command table) and summary, then `options`.
void print_command_help(const std::string& name, const po::options_description& options);
/// print_command_help if --help was given; true if it was.
bool printed_help(const po::variables_map& vm, const std::string& name, const po::options_description& opts);

/// Finds a lens by name: a path as given, else NAME.toml in the lenses/ folder beside the
/// scenario or beside its parent folder, else in ./scenarios/lenses. @throws UsageError.
std::filesystem::path resolve_lens(const std::string& name, const std::filesystem::path& scenario);
/// Loads the SCENARIO argument with any --lens options applied on top. @throws mv::Error.
Scenario load_with_lenses(const po::variables_map& vm);

/// The folder of observed data: --observed DIR, else data/observed above `scenario`.
/// @throws UsageError if there is none.
std::filesystem::path observed_dir_option(const po::variables_map& vm, const std::filesystem::path& scenario);

/// "--shard I/N": slice I (0-based) of N. @throws UsageError.
std::pair<int, int> parse_shard(const std::string& text);
/// --threads if given (bounds: the run-settings table), else all cores. @throws UsageError.
int threads_option(const po::variables_map& vm);
/// Resolves --out: absolute, no trailing separator, never a root or "." / "..".
/// @throws UsageError.
std::filesystem::path output_path(const std::string& given);

/// Says on standard error what replacing earlier results (--force) removed with them.
void print_removed(const std::vector<std::string>& removed);

/// "12.3s" or "4m05s".
std::string format_seconds(double s);
/// A progress line on stderr (done, rate, ETA) for `unit`s, counted from t0.
std::function<void(int64_t, int64_t)> progress_line(std::chrono::steady_clock::time_point t0,
                                                    const char* unit);

/// Set by SIGINT or SIGTERM once install_interrupt_handlers() has run.
extern std::atomic<bool> g_interrupted;
void install_interrupt_handlers();

}  // namespace mv::cli
