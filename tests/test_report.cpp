// `multivector report` writes one self-contained page; a real headless browser (Debian's
// chromium) loads it without errors and draws every chart.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "model/model.h"
#include "scenario/parameters.h"
#include "scenario/scenario.h"
#include "test_util.h"

namespace fs = std::filesystem;
using mvtest::run_cli;

namespace {
const char* kChromium = "/usr/bin/chromium";

/// Runs headless chromium on a file; returns the DOM after scripts ran.
std::string dump_dom(const fs::path& html, const fs::path& work, const fs::path& screenshot = {}) {
  const std::string flags =
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
      " --disable-component-update --disable-sync --virtual-time-budget=5000 --user-data-dir=" +
      (work / "profile").string();
  const std::string dom = (work / "dom.html").string();
  std::system(("timeout 120 " + std::string(kChromium) + flags +
               " --window-size=1024,768 --dump-dom file://" + html.string() + " >" + dom + " 2>/dev/null")
                  .c_str());
  if (!screenshot.empty())
    std::system(("timeout 120 " + std::string(kChromium) + flags + " --window-size=1400,2600 --screenshot=" +
                 screenshot.string() + " file://" + html.string() + " >/dev/null 2>&1")
                    .c_str());
  return mvtest::read_file(dom);
}

void make_batches(const fs::path& dir) {
  for (const char* s : {"baseline.toml", "whatif/cpc_long_suspension.toml"}) {
    const fs::path out = dir / fs::path(s).stem();
    ASSERT_EQ(run_cli({"run", (mvtest::source_dir() / "scenarios" / s).string(), "--runs", "40", "--citizens",
                       "1000", "--out", out.string(), "--quiet"})
                  .exit_code,
              0);
  }
}
}  // namespace

TEST(Report, IsSelfContainedAndCarriesTheParametersWithSources) {
  mvtest::TempDir dir;
  make_batches(dir.path());
  auto r = run_cli({"report", (dir.path() / "baseline").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = mvtest::read_file(dir.path() / "baseline" / "report.html");
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);  // nothing fetched: scripts are inline
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_NE(html.find("Chart.js v3"), std::string::npos);
  EXPECT_NE(html.find("hedging_premium"), std::string::npos);
  EXPECT_NE(html.find("[Bhadrakumar2022]"), std::string::npos);  // parameter sources are shown
  auto again = run_cli({"report", (dir.path() / "baseline").string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;  // its own earlier page is rewritten without --force
  auto foreign = run_cli({"report", (dir.path() / "baseline").string(), "--out",
                          (dir.path() / "baseline" / "runs.csv").string()});
  EXPECT_EQ(foreign.exit_code, 2);  // a file the report did not write is not overwritten without --force
  EXPECT_NE(foreign.err.find("already exists"), std::string::npos) << foreign.err;
  auto bad = run_cli({"report", dir.path().string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("manifest.json"), std::string::npos) << bad.err;
}

TEST(DerivedOutputs, AreListedInTheManifestRewrittenByTheirCommandAndNamedWhenRunForceRemovesThem) {
  mvtest::TempDir dir;
  const fs::path b = dir.path() / "b";
  const std::vector<std::string> run = {
      "run",        (mvtest::source_dir() / "scenarios/baseline.toml").string(),
      "--runs",     "10",
      "--citizens", "1000",
      "--out",      b.string(),
      "--quiet"};
  ASSERT_EQ(run_cli(run).exit_code, 0);
  const std::string original_manifest = mvtest::read_file(b / "manifest.json");
  ASSERT_EQ(run_cli({"report", b.string()}).exit_code, 0);
  const std::string story = (b / "story.txt").string();
  ASSERT_EQ(run_cli({"explain", (mvtest::source_dir() / "scenarios/baseline.toml").string(), "--citizens",
                     "1000", "--out", story})
                .exit_code,
            0);
  const auto manifest = nlohmann::json::parse(mvtest::read_file(b / "manifest.json"));
  ASSERT_TRUE(manifest.contains("derived")) << manifest.dump(2);
  ASSERT_EQ(manifest["derived"].size(), 2u);
  EXPECT_EQ(manifest["derived"][0]["file"], "report.html");
  EXPECT_EQ(manifest["derived"][0]["command"], "report");
  EXPECT_NE(manifest["derived"][0]["command_line"].get<std::string>().find("report"), std::string::npos);
  EXPECT_EQ(manifest["derived"][1]["file"], "story.txt");
  EXPECT_EQ(manifest["derived"][1]["command"], "explain");
  // Everything else in the manifest is as the run wrote it.
  auto without = manifest;
  without.erase("derived");
  EXPECT_EQ(without, nlohmann::json::parse(original_manifest));
  // Each command rewrites its own file, not another command's.
  auto r = run_cli({"explain", (mvtest::source_dir() / "scenarios/baseline.toml").string(), "--citizens",
                    "1000", "--out", story, "--run", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = run_cli({"report", b.string(), "--out", story});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(nlohmann::json::parse(mvtest::read_file(b / "manifest.json"))["derived"].size(), 2u);
  // run --force replaces the results and says what went with them.
  dir.write("b/notes.txt", "mine");
  auto forced = run;
  forced.push_back("--force");
  r = run_cli(forced);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(
      r.err.find("--force removed '" + (b / "report.html").string() + "' (written by 'multivector report"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--force removed '" + story + "' (written by 'multivector explain"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--force removed '" + (b / "notes.txt").string() + "' (not written by multivector)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("runs.csv"), std::string::npos) << r.err;  // the run's own files are not news
  EXPECT_FALSE(fs::exists(b / "report.html"));
  EXPECT_FALSE(nlohmann::json::parse(mvtest::read_file(b / "manifest.json")).contains("derived"));
  // Nothing derived, nothing said.
  r = run_cli(forced);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("--force removed"), std::string::npos) << r.err;
}

TEST(Report, LoadsInAHeadlessBrowserAndDrawsEveryChart) {
  if (!fs::exists(kChromium)) {
    if (std::getenv("CI")) FAIL() << "chromium is required in CI (scripts/install-deps.sh installs it)";
    GTEST_SKIP() << "chromium not installed";
  }
  mvtest::TempDir dir;
  make_batches(dir.path());
  ASSERT_EQ(
      run_cli({"report", (dir.path() / "baseline").string(), (dir.path() / "cpc_long_suspension").string()})
          .exit_code,
      0);
  const fs::path page = dir.path() / "baseline" / "compare-cpc_long_suspension.html";
  const fs::path shot = dir.path() / "report.png";
  const std::string dom = dump_dom(page, dir.path(), shot);
  int histograms = 0;
  for (const auto& o : mv::kOutcomes) histograms += !o.is_event;
  const int expected = mv::kNumSeries + histograms + 1;
  EXPECT_NE(dom.find("data-charts-drawn=\"" + std::to_string(expected) + "\""), std::string::npos)
      << dom.substr(0, 2000);
  EXPECT_EQ(dom.find("data-error"), std::string::npos);                // no script error on the page
  EXPECT_NE(dom.find("data-fits-width=\"true\""), std::string::npos);  // no sideways scrolling at 1024x768
  long canvases = 0;
  for (size_t at = dom.find("<canvas"); at != std::string::npos; at = dom.find("<canvas", at + 1)) ++canvases;
  EXPECT_EQ(canvases, expected);
  ASSERT_TRUE(fs::exists(shot));
  EXPECT_GT(fs::file_size(shot), 50'000u);  // a drawn page, not a blank one
}

TEST(Report, FreeTextCannotBreakTheDataScript) {
  // Issue 18 #8: a "<!--<script>" in a scenario's text switched the HTML parser into the
  // script's escaped states, and the page drew no chart. The page's data carries the
  // description; the parameter table shows the source.
  mvtest::TempDir dir;
  const std::string hostile = "<!--<script> </script> & \\u003c";
  const fs::path sc =
      dir.write("s.toml", "extends = \"" + (mvtest::source_dir() / "scenarios/baseline.toml").string() +
                              "\"\nname = \"hostile\"\ndescription = \"" + hostile +
                              "\"\n[parameters]\nhedging_premium = { value = 0.3, "
                              "source = \"" +
                              hostile + "\" }\n");
  ASSERT_EQ(run_cli({"run", sc.string(), "--runs", "20", "--citizens", "1000", "--out",
                     (dir.path() / "b").string(), "--quiet"})
                .exit_code,
            0);
  ASSERT_EQ(run_cli({"report", (dir.path() / "b").string()}).exit_code, 0);
  const std::string html = mvtest::read_file(dir.path() / "b" / "report.html");
  const size_t data = html.find("const DATA = ");
  ASSERT_NE(data, std::string::npos);
  const std::string script = html.substr(data, html.find("</script>", data) - data);
  EXPECT_EQ(script.find('<'), std::string::npos);  // not "<!--", "<script" nor "</"
  EXPECT_NE(script.find("\\u003c!--\\u003cscript>"), std::string::npos);
  EXPECT_NE(html.find("&lt;!--&lt;script&gt;"), std::string::npos);  // the table shows it as text
  if (!fs::exists(kChromium)) GTEST_SKIP() << "chromium not installed";
  const std::string dom = dump_dom(dir.path() / "b" / "report.html", dir.path());
  EXPECT_NE(dom.find("data-charts-drawn=\""), std::string::npos) << dom.substr(0, 2000);
  EXPECT_EQ(dom.find("data-charts-drawn=\"0\""), std::string::npos);
  EXPECT_EQ(dom.find("data-error"), std::string::npos);
}

TEST(Report, TamperedBatchFilesGiveALocatedErrorNotACrash) {
  // Issue 18 #7: a short summary.csv row was read out of bounds, other damage was "internal error".
  mvtest::TempDir dir;
  const fs::path good = dir.path() / "good";
  ASSERT_EQ(run_cli({"run", (mvtest::source_dir() / "scenarios/baseline.toml").string(), "--runs", "20",
                     "--citizens", "1000", "--out", good.string(), "--quiet"})
                .exit_code,
            0);
  struct Damage {
    std::string file, from, to, message;
  };
  const std::vector<Damage> damages = {
      {"summary.csv", "\nalign_china,20,", "\nalign_china,", "summary.csv:3: error: a row of 13 fields"},
      {"summary.csv", "\nalign_china,20,", "\nalign_china,20x,", "summary.csv:3: error: '20x' in column 'n'"},
      {"summary.csv", "metric,n,mean", "metric,n,average",
       "summary.csv:1: error: the header lacks the column 'mean'"},
      {"timeseries.csv", "\n0,2022-01,align_china,", "\n0,2022-01,", "timeseries.csv:3: error: a row of"},
      {"runs.csv", "\n1,", "\n1,,", "runs.csv:3: error: a row of"},
      // fuzz_report: a byte that is not UTF-8 in a field ended in an uncaught JSON exception.
      {"timeseries.csv", "\n0,2022-01,align_china,",
       "\n0,2022-01,align\xa6"
       "china,",
       "timeseries.csv:3: error: a field that is not UTF-8 text"},
      {"manifest.json", "\"runs\": 20", "\"runs\": \"20\"", "manifest.json: error: 'runs' is a JSON string"},
      {"manifest.json", "\"runs\": 20", "\"runs\": -20", "manifest.json: error: 'runs' is a JSON number"},
  };
  int k = 0;
  for (const auto& d : damages) {
    const fs::path bad = dir.path() / ("bad" + std::to_string(k++));
    fs::copy(good, bad);
    std::string text = mvtest::read_file(bad / d.file);
    const size_t at = text.find(d.from);
    ASSERT_NE(at, std::string::npos) << d.file << ": " << d.from;
    text.replace(at, d.from.size(), d.to);
    dir.write(fs::relative(bad / d.file, dir.path()).string(), text);
    const auto r = run_cli({"report", bad.string()});
    EXPECT_EQ(r.exit_code, 2) << d.message << ": " << r.err;
    EXPECT_NE(r.err.find(d.message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(bad / "report.html"));
    // Compared with the good batch, the damage is found as well.
    EXPECT_EQ(
        run_cli({"report", good.string(), bad.string(), "--out", (dir.path() / "c.html").string()}).exit_code,
        2)
        << d.message;
  }
  // Two batches with different metrics compare: a metric missing from one shows as NaN.
  const fs::path fewer = dir.path() / "fewer";
  fs::copy(good, fewer);
  std::string summary = mvtest::read_file(fewer / "summary.csv");
  summary.resize(summary.find("\n", summary.find("\n", summary.find("\n") + 1) + 1) + 1);  // two rows
  dir.write("fewer/summary.csv", summary);
  const auto r =
      run_cli({"report", good.string(), fewer.string(), "--out", (dir.path() / "d.html").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

// Issue 16: the comparison page. One set of small batches for every test below: the baseline,
// a what-if (same seeds), the baseline with another seed and population, a scenario that starts
// in 2025, and a what-if with a changed parameter, event, mechanism and lens.
namespace {
nlohmann::json page_data(const std::string& html) {
  const std::string key = "const DATA = ";
  const size_t at = html.find(key);
  if (at == std::string::npos) return {};
  const size_t end = html.find(";\n", at);
  return nlohmann::json::parse(html.substr(at + key.size(), end - at - key.size()));
}

/// The fields of the first table row whose first cell has title="name", in order.
std::vector<std::string> row_cells(const std::string& html, size_t from, const std::string& name) {
  std::vector<std::string> cells;
  size_t at = html.find("<td title=\"" + name + "\">", from);
  if (at == std::string::npos) return cells;
  const size_t end = html.find("</tr>", at);
  for (at = html.find('>', at) + 1; at < end; at = html.find('>', html.find("<td", at)) + 1) {
    cells.push_back(html.substr(at, html.find("</td>", at) - at));
    if (html.find("<td", at) > end) break;
  }
  return cells;
}

/// The column of runs.csv named `name`, as numbers.
std::vector<double> runs_column(const fs::path& dir, const std::string& name) {
  const auto rows = mvtest::parse_csv(mvtest::read_file(dir / "runs.csv"));
  const size_t c = std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin();
  std::vector<double> v;
  for (size_t i = 1; i < rows.size(); ++i)
    v.push_back(rows[i][c].empty() ? std::nan("") : std::stod(rows[i][c]));
  return v;
}
}  // namespace

class ReportCompare : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new mvtest::TempDir;
    const fs::path sc = mvtest::source_dir() / "scenarios";
    run("baseline", sc / "baseline.toml", {});
    run("cpc", sc / "whatif/cpc_long_suspension.toml", {});
    run("other", sc / "baseline.toml", {"--seed", "7"}, "2000");
    run("late",
        dir_->write("late.toml",
                    "name = \"late\"\ndescription = \"a run from 2025\"\n[run]\nseed = 20220101\n"
                    "start = \"2025-01\"\nhorizon = \"2027-12\"\n"),
        {});
    run("changed",
        dir_->write("changed.toml", "extends = \"" + (sc / "baseline.toml").string() +
                                        "\"\nname = \"changed\"\ndescription = \"one of everything\"\n"
                                        "[parameters]\nhedging_premium = { value = 0.41 }\n"
                                        "[mechanisms]\nhedging = false\n"
                                        "[[events]]\nid = \"extra_demand\"\ndate = \"2024-05\"\n"
                                        "actor = \"china\"\naction = \"demand\"\n"),
        {"--lens", (sc / "lenses/russia_threat.toml").string()});
  }
  // A batch that failed fails every test (gtest would only skip them after a fatal failure in
  // SetUpTestSuite, and ctest reads a skip as no failure).
  void SetUp() override { ASSERT_TRUE(setup_errors_.empty()) << setup_errors_; }
  static void TearDownTestSuite() { delete dir_; }
  static void run(const std::string& name, const fs::path& scenario, std::vector<std::string> extra,
                  const std::string& citizens = "1000") {
    std::vector<std::string> args = {"run",    scenario.string(), "--runs",          "30",     "--citizens",
                                     citizens, "--out",           at(name).string(), "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_cli(args);
    if (r.exit_code != 0) setup_errors_ += "run " + name + ": " + r.err + "\n";
  }
  static fs::path at(const std::string& name) { return dir_->path() / name; }
  /// Runs `report A B` into a fresh file; returns the page and the command's stderr.
  static std::pair<std::string, std::string> compare(const std::string& a, const std::string& b) {
    const fs::path out = dir_->path() / (a + "-" + b + ".html");
    const auto r = run_cli({"report", at(a).string(), at(b).string(), "--out", out.string(), "--force"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return {mvtest::read_file(out), r.err};
  }
  static mvtest::TempDir* dir_;
  static std::string setup_errors_;
};
mvtest::TempDir* ReportCompare::dir_ = nullptr;
std::string ReportCompare::setup_errors_;

TEST_F(ReportCompare, AlignsTheBatchesByCalendarMonthOverTheirUnion) {
  const auto [html, err] = compare("baseline", "late");
  const auto data = page_data(html);
  const auto& dates = data["dates"];
  ASSERT_EQ(dates.size(), 108u);  // 2022-01 to 2030-12: the union of both runs' months
  EXPECT_EQ(dates.front(), "2022-01");
  EXPECT_EQ(dates.back(), "2030-12");
  const auto k2025 = std::find(dates.begin(), dates.end(), "2025-01") - dates.begin();
  const auto& late = data["batches"][1]["series"]["align_russia"]["p50"];
  ASSERT_EQ(late.size(), dates.size());
  EXPECT_TRUE(late[0].is_null());  // no value before the late run starts
  EXPECT_TRUE(late[k2025 - 1].is_null());
  EXPECT_TRUE(late[k2025 + 36].is_null());  // nor after its horizon, 2027-12
  // Its first month is drawn at 2025-01, with the value timeseries.csv gives for that month.
  const auto rows = mvtest::parse_csv(mvtest::read_file(at("late") / "timeseries.csv"));
  const auto first = std::find_if(rows.begin(), rows.end(),
                                  [](const auto& r) { return r.size() > 6 && r[2] == "align_russia"; });
  ASSERT_NE(first, rows.end());
  EXPECT_EQ((*first)[1], "2025-01");
  EXPECT_DOUBLE_EQ(late[k2025].get<double>(), std::stod((*first)[6]));
  EXPECT_FALSE(data["batches"][0]["series"]["align_russia"]["p50"][0].is_null());
  EXPECT_NE(html.find("(the union)"), std::string::npos);  // the page says which axis
  EXPECT_NE(err.find("multivector: warning: the batches differ in dates"), std::string::npos) << err;
}

TEST_F(ReportCompare, WarnsAboutIncomparableBatchesAndPairsOnlyMatchingSeeds) {
  const auto [html, err] = compare("baseline", "other");
  EXPECT_NE(
      err.find("multivector: warning: the batches differ in master seed (baseline: 20220101, baseline: 7)"),
      std::string::npos)
      << err;
  EXPECT_NE(err.find("multivector: warning: the batches differ in citizens per replicate (baseline: 1000, "
                     "baseline: 2000)"),
            std::string::npos)
      << err;
  EXPECT_NE(html.find("not fully comparable"), std::string::npos);
  EXPECT_NE(html.find("differ in master seed"), std::string::npos);
  EXPECT_NE(html.find("Not shown: replicate i"), std::string::npos);
  EXPECT_EQ(html.find("<th>95% interval</th>"), std::string::npos);  // no paired table
  const auto [paired, quiet] = compare("baseline", "cpc");           // same seed and runs: they pair
  EXPECT_EQ(quiet.find("warning"), std::string::npos) << quiet;
  EXPECT_EQ(paired.find("not fully comparable"), std::string::npos);
  EXPECT_NE(paired.find("<th>95% interval</th>"), std::string::npos);
}

TEST_F(ReportCompare, HistogramsShowSharesWithWholeBinsForCounts) {
  const auto data = page_data(compare("baseline", "other").first);
  int whole = 0;
  for (const auto& o : mv::kOutcomes) {
    if (o.is_event) continue;
    const auto& h = data["hist"][std::string(o.name)];
    ASSERT_EQ(h["shares"].size(), 2u) << o.name;
    for (const auto& shares : h["shares"]) {
      double sum = 0;
      for (const auto& s : shares) sum += s.get<double>();
      EXPECT_NEAR(sum, 1.0, 1e-12) << o.name;  // shares of each batch's replicates, not counts
    }
    // Outcomes that count (every replicate a whole number) get whole-number bins.
    bool counts = true;
    for (const char* b : {"baseline", "other"})
      for (double x : runs_column(at(b), std::string(o.name)))
        counts = counts && (!std::isfinite(x) || x == std::floor(x));
    if (!counts) continue;
    ++whole;
    for (const auto& label : h["labels"])
      EXPECT_EQ(label.get<std::string>().find_first_not_of("0123456789–"), std::string::npos)
          << o.name << ": " << label;
  }
  EXPECT_GE(whole, 3);  // months of disruption, recession, crises ...
}

TEST_F(ReportCompare, ShowsThePairedDifferenceOfEveryOutcomeWithItsInterval) {
  const std::string html = compare("baseline", "cpc").first;
  const size_t section = html.find("<h2>Paired differences");
  ASSERT_NE(section, std::string::npos);
  for (const auto& o : mv::kOutcomes) {
    const auto a = runs_column(at("baseline"), std::string(o.name)),
               b = runs_column(at("cpc"), std::string(o.name));
    // Computed here independently: two-pass mean and sample variance of the differences.
    std::vector<double> d;
    for (size_t i = 0; i < a.size(); ++i)
      if (!std::isnan(a[i]) && !std::isnan(b[i])) d.push_back(b[i] - a[i]);
    ASSERT_GE(d.size(), 2u) << o.name;
    double mean = 0, ss = 0;
    for (double x : d) mean += x / static_cast<double>(d.size());
    for (double x : d) ss += (x - mean) * (x - mean);
    const double se = std::sqrt(ss / static_cast<double>(d.size() - 1) / static_cast<double>(d.size()));
    const auto cells = row_cells(html, section, std::string(o.name));
    ASSERT_EQ(cells.size(), 7u) << o.name;
    char want[64];
    std::snprintf(want, sizeof want, "%.4g", mean);
    EXPECT_EQ(cells[4], want) << o.name;
    if (se > 1e-9 * std::max(1.0, std::abs(mean))) {
      char lo[32], hi[32];
      std::snprintf(lo, sizeof lo, "%.4g", mean - 1.959963984540054 * se);
      std::snprintf(hi, sizeof hi, "%.4g", mean + 1.959963984540054 * se);
      EXPECT_EQ(cells[5], std::string(lo) + " to " + hi) << o.name;
    }
    EXPECT_EQ(cells[6], std::to_string(d.size())) << o.name;
  }
}

TEST_F(ReportCompare, SaysWhatChangedBetweenTheResolvedScenarios) {
  const std::string html = compare("baseline", "changed").first;
  const size_t section = html.find("<h2>What changed from baseline to changed.russia_threat</h2>");
  ASSERT_NE(section, std::string::npos) << html.substr(html.find("<h2>"), 300);
  const std::string changes = html.substr(section, html.find("</table>", section) - section);
  EXPECT_NE(changes.find("<td>parameter</td><td>hedging_premium</td><td class=\"src\">uniform(0.2, 0.45)</td>"
                         "<td class=\"src\">0.41</td>"),
            std::string::npos)
      << changes;
  EXPECT_NE(changes.find("<td>parameter</td><td>resolve_russia</td>"), std::string::npos);  // from the lens
  EXPECT_NE(changes.find("<td>event</td><td>extra_demand</td><td class=\"src\">(none)</td>"),
            std::string::npos);
  EXPECT_NE(
      changes.find("<td>mechanism</td><td>hedging</td><td class=\"src\">on</td><td class=\"src\">off</td>"),
      std::string::npos);
  EXPECT_NE(changes.find("<td>lens</td><td>lenses</td><td class=\"src\">(none)</td><td "
                         "class=\"src\">russia_threat</td>"),
            std::string::npos);
  EXPECT_EQ(changes.find("<td>mechanism</td><td>bounded_moves</td>"), std::string::npos);  // unchanged
  EXPECT_EQ(changes.find("<td>event</td><td>invasion_of_ukraine</td>"), std::string::npos);
}

TEST_F(ReportCompare, NamesUnitsAxesEventsAndOneLegendComeFromTheTables) {
  const std::string html = compare("baseline", "cpc").first;
  const auto data = page_data(html);
  for (const auto& s : mv::kSeries) {
    const auto& spec = data["series_specs"][std::string(s.name)];
    EXPECT_EQ(spec["unit"], std::string(s.unit));
    std::string title;
    for (const auto& line : spec["title"]) title += (title.empty() ? "" : " ") + line.get<std::string>();
    EXPECT_EQ(title, std::string(s.description) + " (" + std::string(s.unit) + ")");
  }
  for (const auto& o : mv::kOutcomes)
    EXPECT_EQ(data["outcome_specs"][std::string(o.name)]["unit"], std::string(o.unit));
  // The what-if's own event only in it; the baseline's events in both.
  const auto marked = [&](const std::string& date, int batch) {
    return std::any_of(data["events"].begin(), data["events"].end(),
                       [&](const auto& e) { return e["date"] == date && e["batch"] == batch; });
  };
  EXPECT_TRUE(marked("2023-01", 1)) << data["events"];
  EXPECT_TRUE(marked("2022-02", -1)) << data["events"];
  EXPECT_FALSE(marked("2023-01", 0));
  EXPECT_NE(html.find("<td>cpc_six_month_halt</td>"), std::string::npos);
  long legends = 0;
  for (size_t at = html.find("class=\"legend\""); at != std::string::npos;
       at = html.find("class=\"legend\"", at + 1))
    ++legends;
  EXPECT_EQ(legends, 1);
  EXPECT_EQ(html.find("legend: {labels"), std::string::npos);  // no chart draws its own legend
}

TEST_F(ReportCompare, HeaderNamesTheScenarioNotALocalPathAndTheBytesRepeat) {
  const std::string html = compare("baseline", "cpc").first;
  EXPECT_EQ(html.find(dir_->path().string()), std::string::npos);  // no local path in the page
  EXPECT_NE(html.find("Russia halts 80% of CPC flows for six months from January 2023"), std::string::npos);
  EXPECT_NE(html.find("2022 situation from the documents"), std::string::npos);
  // The same batches elsewhere give the same bytes.
  fs::create_directories(at("copy"));
  fs::copy(at("baseline"), at("copy") / "a", fs::copy_options::recursive);
  fs::copy(at("cpc"), at("copy") / "cpc", fs::copy_options::recursive);
  const fs::path out = at("copy") / "page.html";
  ASSERT_EQ(
      run_cli({"report", (at("copy") / "a").string(), (at("copy") / "cpc").string(), "--out", out.string()})
          .exit_code,
      0);
  EXPECT_EQ(mvtest::read_file(out), html);
}

namespace {
/// Runs a small sweep of `design` over the baseline and returns its directory.
fs::path small_sweep(const mvtest::TempDir& dir, const std::string& design, const std::string& body) {
  const fs::path file =
      dir.write(design + ".toml", "name = \"" + design + "\"\nscenario = \"" +
                                      (mvtest::source_dir() / "scenarios/baseline.toml").string() +
                                      "\"\ncitizens = 1000\nhorizon = \"2024-12\"\nreplicates = 2\n"
                                      "design = \"" +
                                      design + "\"\n" + body);
  const fs::path out = dir.path() / design;
  const auto r = run_cli({"sweep", file.string(), "--out", out.string(), "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

/// Text as the pages escape it.
std::string escaped(const std::string& s) {
  std::string o;
  for (char c : s)
    o += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : std::string(1, c);
  return o;
}

long count_of(const std::string& text, const std::string& what) {
  long n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// The part of the page shown for one outcome's index notes, or "".
std::string notes_of(const std::string& html, const std::string& outcome) {
  const size_t at = html.find("<div class=\"warn\" data-outcome=\"" + outcome + "\">");
  return at == std::string::npos ? std::string() : html.substr(at, html.find("</div>", at) - at);
}
}  // namespace

TEST(SweepReport, DrawsEachDesignWithNamesAndUnitsFromTheTablesAndAReasonForEveryOddIndex) {
  mvtest::TempDir dir;
  const std::string two =
      "[factors]\nhedging_premium = { min = 0.15, max = 0.40 }\n"
      "russia_attention = { min = 0.2, max = 0.5 }\n";
  struct Case {
    std::string design, body, canvas;
  };
  const std::vector<Case> cases = {
      {"sobol", "samples = 8\nbootstrap = 50\n" + two, "id=\"sobol\""},
      {"morris", "samples = 3\nlevels = 4\n" + two + "oil_price_volatility = { min = 0.08, max = 0.1 }\n",
       "id=\"morris\""},
      {"grid",
       "[factors]\nhedging_premium = { levels = [0.15, 0.4] }\nrussia_attention = { min = 0.2, max = 0.5, "
       "steps = 3 }\n",
       "id=\"gridline\""},
      {"lhs", "samples = 12\n" + two, "data-factor=\"1\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.design);
    const fs::path out = small_sweep(dir, c.design, c.body);
    const auto r = run_cli({"report", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string html = mvtest::read_file(out / "report.html");
    EXPECT_NE(html.find("Multivector sweep report: " + c.design), std::string::npos);
    EXPECT_NE(html.find(c.canvas), std::string::npos);
    EXPECT_EQ(html.find("src=\"http"), std::string::npos);
    // Factors and outcomes by their plain names and units, from the tables.
    const mv::ParamSpec& p = mv::spec(*mv::find_param("russia_attention"));
    EXPECT_NE(html.find(std::string(p.description)), std::string::npos);
    EXPECT_NE(html.find("<td>" + std::string(p.unit) + "</td>"), std::string::npos);
    for (const auto& o : mv::kOutcomes)
      EXPECT_NE(html.find("<option value=\"" + std::string(o.name) + "\">" + std::string(o.description)),
                std::string::npos)
          << o.name;
    if (c.design == "grid") {
      EXPECT_EQ(count_of(html, "<table class=\"heat\""), static_cast<long>(mv::kOutcomes.size()));
      EXPECT_NE(html.find("<th>0.15</th>"), std::string::npos);  // the first factor's levels are the rows
    }
    if (c.design != "sobol" && c.design != "morris") continue;
    // Every index that is NaN, above 1 or below 0 comes with its reason, beside its outcome.
    const auto rows = mvtest::parse_csv(mvtest::read_file(out / "sensitivity.csv"));
    int odd = 0;
    for (size_t i = 1; i < rows.size(); ++i) {
      const std::string& statistic = rows[i][3];
      if (statistic == "mu") continue;
      const double x = rows[i][4] == "NaN" ? std::nan("") : std::stod(rows[i][4]);
      const bool is_odd = std::isnan(x) || (c.design == "sobol" && (x > 1 || x < 0));
      if (!is_odd) continue;
      ++odd;
      const std::string notes = notes_of(html, rows[i][0]);
      EXPECT_NE(notes.find("<b>" + rows[i][1] + "</b>"), std::string::npos) << rows[i][0];
      EXPECT_NE(notes.find(std::isnan(x) ? "undefined (NaN)"
                           : x > 1       ? "above 1"
                                         : "below 0"),
                std::string::npos)
          << notes;
    }
    if (c.design == "sobol") EXPECT_GT(odd, 0);  // the fixture has some (constant events by 2024)
    if (!fs::exists(kChromium)) continue;
    const std::string dom = dump_dom(out / "report.html", dir.path());
    EXPECT_EQ(dom.find("data-charts-drawn=\"0\""), std::string::npos) << dom.substr(0, 1500);
    EXPECT_NE(dom.find("data-charts-drawn=\""), std::string::npos);
    EXPECT_EQ(dom.find("data-error"), std::string::npos);
    EXPECT_NE(dom.find("data-fits-width=\"true\""), std::string::npos);
  }
}

TEST(SweepReport, ADamagedPointsFileGivesALocatedError) {
  mvtest::TempDir dir;
  const fs::path out =
      small_sweep(dir, "lhs", "samples = 4\n[factors]\nhedging_premium = { min = 0.15, max = 0.40 }\n");
  std::string points = mvtest::read_file(out / "points.csv");
  points.replace(points.find("\r\n0,"), 4, "\r\n0,oops,");  // a field too many in the first point's row
  dir.write("lhs/points.csv", points);
  const auto r = run_cli({"report", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("points.csv:2: error:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out / "report.html"));
}

TEST(DiscoveryReport, ShowsTheTradeOffCurveTheChosenBoxInPlainNamesAndTheTree) {
  mvtest::TempDir dir;
  const fs::path b = dir.path() / "b";
  ASSERT_EQ(run_cli({"run", (mvtest::source_dir() / "scenarios/baseline.toml").string(), "--runs", "80",
                     "--citizens", "1000", "--out", b.string(), "--quiet"})
                .exit_code,
            0);
  // Cases of interest: the replicates whose alignment with Russia ends above its median.
  const auto summary = mvtest::parse_csv(mvtest::read_file(b / "summary.csv"));
  std::string median;
  for (const auto& row : summary)
    if (row[0] == "align_russia")
      median = row[std::find(summary[0].begin(), summary[0].end(), "p50") - summary[0].begin()];
  ASSERT_FALSE(median.empty());
  auto r = run_cli({"discover", b.string(), "--outcome", "align_russia", "--threshold", median});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto result = nlohmann::json::parse(mvtest::read_file(b / "discovery.json"));
  ASSERT_GT(result["trajectory"].size(), 1u);
  ASSERT_FALSE(result["restrictions"].empty());
  r = run_cli({"report", b.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = mvtest::read_file(b / "report.html");
  EXPECT_NE(html.find("<h2>Scenario discovery: " + escaped(result["rule"].get<std::string>())),
            std::string::npos);
  EXPECT_NE(html.find("<canvas id=\"discovery\""), std::string::npos);
  EXPECT_NE(html.find("<b>Box " + std::to_string(result["chosen"].get<int>()) + "</b>"), std::string::npos);
  for (const auto& x : result["restrictions"]) {
    const mv::ParamSpec& p = mv::spec(*mv::find_param(x["parameter"].get<std::string>()));
    EXPECT_NE(
        html.find("<td class=\"src\">" + std::string(p.description) + "</td><td>" + std::string(p.unit)),
        std::string::npos)
        << p.name;
  }
  EXPECT_NE(html.find("quasi-p lower"), std::string::npos);
  EXPECT_NE(html.find("<pre>  all replicates: "), std::string::npos);  // the tree
  // Both files are the discover command's own: it may write them again, the report may not.
  EXPECT_EQ(run_cli({"discover", b.string(), "--outcome", "align_russia", "--threshold", median}).exit_code,
            0);
  if (!fs::exists(kChromium)) GTEST_SKIP() << "chromium not installed";
  const std::string dom = dump_dom(b / "report.html", dir.path());
  int histograms = 0;
  for (const auto& o : mv::kOutcomes) histograms += !o.is_event;
  EXPECT_NE(dom.find("data-charts-drawn=\"" + std::to_string(mv::kNumSeries + histograms + 2) + "\""),
            std::string::npos)
      << dom.substr(0, 1500);
  EXPECT_EQ(dom.find("data-error"), std::string::npos);
}

TEST(ExplainPage, DrawsTheReplicateBesideItsNarrativeWithEveryEventAndMove) {
  mvtest::TempDir dir;
  const std::string scenario = (mvtest::source_dir() / "scenarios/replay_2022.toml").string();
  const fs::path page = dir.path() / "story.html";
  auto r = run_cli(
      {"explain", scenario, "--citizens", "1000", "--run", "3", "--format", "html", "--out", page.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = mvtest::read_file(page);
  const auto text = run_cli({"explain", scenario, "--citizens", "1000", "--run", "3"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(html.find("<pre>" + escaped(text.out) + "</pre>"), std::string::npos);  // the narrative, whole
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  // Every scripted event is listed and marked; every move of the trace is drawn.
  const mv::Scenario sc = mv::load_scenario(scenario);
  const nlohmann::json data = page_data(html);
  ASSERT_EQ(data["events"].size(), sc.events.size());
  for (const auto& e : sc.events) EXPECT_NE(html.find("(" + e.id + ")</td>"), std::string::npos) << e.id;
  const auto trace = mvtest::parse_csv(
      run_cli({"explain", scenario, "--citizens", "1000", "--run", "3", "--format", "csv"}).out);
  size_t moves = 0;
  for (size_t i = 1; i < trace.size(); ++i)
    for (size_t c = 0; c < trace[0].size(); ++c)
      if (trace[0][c].starts_with("move_") && trace[i][c] != "idle") ++moves;
  EXPECT_EQ(data["moves"].size(), moves);
  ASSERT_EQ(data["dates"].size(), trace.size() - 1);
  // The alignment drawn is the trace's, month by month.
  for (size_t i = 1; i < trace.size(); ++i)
    EXPECT_DOUBLE_EQ(data["alignment"][0]["values"][i - 1].get<double>(), std::stod(trace[i][2]));
  EXPECT_EQ(data["alignment"][0]["label"], std::string(mv::kSeries[0].description));
  if (!fs::exists(kChromium)) GTEST_SKIP() << "chromium not installed";
  const std::string dom = dump_dom(page, dir.path());
  EXPECT_NE(dom.find("data-charts-drawn=\"6\""), std::string::npos) << dom.substr(0, 1500);
  EXPECT_EQ(dom.find("data-error"), std::string::npos);
  EXPECT_NE(dom.find("data-fits-width=\"true\""), std::string::npos);
}

TEST(Report, EventNumbersOfCloseEventsDoNotOverlap) {
  // scenarios/replay_2022.toml has events one month apart; their numbers used to print over each other.
  if (!fs::exists(kChromium)) GTEST_SKIP() << "chromium not installed";
  mvtest::TempDir dir;
  const fs::path b = dir.path() / "replay";
  ASSERT_EQ(run_cli({"run", (mvtest::source_dir() / "scenarios/replay_2022.toml").string(), "--runs", "10",
                     "--citizens", "1000", "--out", b.string(), "--quiet"})
                .exit_code,
            0);
  ASSERT_EQ(run_cli({"report", b.string()}).exit_code, 0);
  const std::string dom = dump_dom(b / "report.html", dir.path());
  EXPECT_NE(dom.find("data-event-labels-overlap=\"false\""), std::string::npos) << dom.substr(0, 1500);
  EXPECT_EQ(dom.find("data-error"), std::string::npos);
}
