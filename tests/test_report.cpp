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
  std::system(("timeout 120 " + std::string(kChromium) + flags + " --dump-dom file://" + html.string() + " >" + dom +
               " 2>/dev/null")
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
    ASSERT_EQ(run_cli({"run", (mvtest::source_dir() / "scenarios" / s).string(), "--runs", "40", "--citizens", "1000",
                       "--out", out.string(), "--quiet"})
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
  ASSERT_EQ(run_cli({"report", (dir.path() / "baseline").string(), (dir.path() / "cpc_long_suspension").string()})
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
