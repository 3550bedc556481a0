// `multivector report` writes one self-contained page; a real headless browser (Debian's
// chromium) loads it without errors and draws every chart.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "model/model.h"
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
  std::system(("timeout 120 " + std::string(kChromium) + flags + " --dump-dom file://" + html.string() +
               " >" + dom + " 2>/dev/null")
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
  EXPECT_EQ(again.exit_code, 2);  // an existing report is not overwritten without --force
  auto bad = run_cli({"report", dir.path().string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("manifest.json"), std::string::npos) << bad.err;
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
  EXPECT_EQ(dom.find("data-error"), std::string::npos);  // no script error on the page
  long canvases = 0;
  for (size_t at = dom.find("<canvas"); at != std::string::npos; at = dom.find("<canvas", at + 1)) ++canvases;
  EXPECT_EQ(canvases, expected);
  ASSERT_TRUE(fs::exists(shot));
  EXPECT_GT(fs::file_size(shot), 50'000u);  // a drawn page, not a blank one
}

TEST(Report, FreeTextCannotBreakTheDataScript) {
  // Issue 18 #8: a "<!--<script>" in a scenario's text switched the HTML parser into the
  // script's escaped states, and the page drew no chart.
  mvtest::TempDir dir;
  const std::string hostile = "<!--<script> </script> & \\u003c";
  const fs::path sc =
      dir.write("s.toml", "extends = \"" + (mvtest::source_dir() / "scenarios/baseline.toml").string() +
                              "\"\nname = \"hostile\"\n[parameters]\nhedging_premium = { value = 0.3, "
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
      {"timeseries.csv", "\n0,2022-01,align_china,", "\n0,2022-01,align\xa6" "china,",
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
