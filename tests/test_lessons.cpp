// Every lesson in docs/teaching/ runs: its ```bash blocks are executed in a scratch directory
// (with the repository's scenarios/ beside them and multivector on the PATH) and must succeed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "scenario/mechanisms.h"
#include "scenario/parameters.h"
#include "test_util.h"

namespace fs = std::filesystem;

namespace {
std::vector<std::string> lessons() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(mvtest::source_dir() / "docs/teaching"))
    // Lessons are numbered (01-...md); README.md and glossary.md are not lessons.
    if (e.path().extension() == ".md" &&
        std::isdigit(static_cast<unsigned char>(e.path().filename().string()[0])))
      out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string bash_blocks(const std::string& md) {
  std::string script;
  size_t at = 0;
  while ((at = md.find("```bash\n", at)) != std::string::npos) {
    const size_t start = at + 8, end = md.find("\n```", start);
    script += md.substr(start, end - start) + "\n";
    at = end;
  }
  return script;
}
}  // namespace

class Lesson : public ::testing::TestWithParam<std::string> {};

TEST_P(Lesson, HasItsPartsAndItsCommandsRun) {
  const std::string md = mvtest::read_file(mvtest::source_dir() / "docs/teaching" / (GetParam() + ".md"));
  for (const char* part : {"## Question", "## Commands", "## What to look for", "## Discussion", "**Scenario:**"})
    EXPECT_NE(md.find(part), std::string::npos) << part;
  const std::string script = bash_blocks(md);
  ASSERT_FALSE(script.empty());
  mvtest::TempDir dir;
  fs::create_directory_symlink(mvtest::source_dir() / "scenarios", dir.path() / "scenarios");
  const fs::path file = dir.write("lesson.sh", "set -euo pipefail\n" + script);
  const std::string bin_dir = fs::path(MV_BINARY).parent_path().string();
  const std::string cmd = "cd '" + dir.path().string() + "' && PATH='" + bin_dir + "':\"$PATH\" bash lesson.sh >'" +
                          (dir.path() / "log").string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << mvtest::read_file(dir.path() / "log");
  EXPECT_TRUE(fs::exists(dir.path() / "results")) << "a lesson writes results";
}

INSTANTIATE_TEST_SUITE_P(Teaching, Lesson, ::testing::ValuesIn(lessons()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(Teaching, HasAtLeastFiveLessons) { EXPECT_GE(lessons().size(), 5u); }

namespace {
/// The header of a CSV file the outputs hold.
std::vector<std::string> header_of(const fs::path& file) {
  const auto rows = mvtest::parse_csv(mvtest::read_file(file));
  return rows.empty() ? std::vector<std::string>{} : rows[0];
}
}  // namespace

TEST(Teaching, TheGlossaryExplainsEveryMechanismConceptAndEveryStatisticTheOutputsShow) {
  const std::string glossary = mvtest::read_file(mvtest::source_dir() / "docs/teaching/glossary.md");
  EXPECT_NE(mvtest::read_file(mvtest::source_dir() / "docs/teaching/README.md").find("(glossary.md)"),
            std::string::npos);
  for (const auto& m : mv::kMechanisms)
    EXPECT_NE(glossary.find("**" + std::string(m.concept_name) + "**"), std::string::npos) << m.concept_name;
  // The statistic columns, from files the program writes: a batch, a Sobol' and a Morris sweep,
  // a discovery, and the tracked calibration.
  mvtest::TempDir dir;
  const std::string base = (mvtest::source_dir() / "scenarios/baseline.toml").string();
  ASSERT_EQ(mvtest::run_cli({"run", base, "--runs", "20", "--citizens", "1000", "--out",
                             (dir.path() / "b").string(), "--quiet"})
                .exit_code,
            0);
  ASSERT_EQ(mvtest::run_cli(
                {"discover", (dir.path() / "b").string(), "--outcome", "align_russia", "--threshold", "0.2"})
                .exit_code,
            0);
  std::set<std::string> columns, statistics;
  for (const char* f : {"b/summary.csv", "b/timeseries.csv", "b/discovery.csv"})
    for (const auto& c : header_of(dir.path() / f)) columns.insert(c);
  for (const char* design : {"sobol", "morris"}) {
    const fs::path sweep = dir.write(std::string(design) + ".toml",
                                     "scenario = \"" + base +
                                         "\"\ncitizens = 1000\nhorizon = \"2023-06\"\n"
                                         "replicates = 2\nsamples = 4\nbootstrap = 20\ndesign = \"" +
                                         design +
                                         "\"\n[factors]\nhedging_premium = { min = 0.15, max = 0.4 }\n"
                                         "russia_attention = { min = 0.2, max = 0.5 }\n");
    const fs::path out = dir.path() / design;
    ASSERT_EQ(mvtest::run_cli({"sweep", sweep.string(), "--out", out.string(), "--quiet"}).exit_code, 0);
    for (const auto& c : header_of(out / "sensitivity.csv")) columns.insert(c);
    const auto rows = mvtest::parse_csv(mvtest::read_file(out / "sensitivity.csv"));
    for (size_t i = 1; i < rows.size(); ++i)
      if (rows[i].size() > 3) statistics.insert(rows[i][3]);
    for (const auto& c : header_of(out / "points.csv")) {
      const size_t cut = c.rfind('_');
      // <outcome>_<statistic>, or a factor (a parameter), or the point's own columns.
      if (mv::find_param(c)) continue;
      columns.insert(cut == std::string::npos || c == "replicates" ? c : c.substr(cut + 1));
    }
  }
  EXPECT_TRUE(statistics.count("S1") && statistics.count("ST") && statistics.count("mu_star"));
  const fs::path calibration = mvtest::source_dir() / "results/calibration/baseline_2023";
  for (const char* f : {"diagnostics.csv", "posterior.csv", "targets.csv"})
    for (const auto& c : header_of(calibration / f))
      if (!mv::find_param(c)) columns.insert(c);
  // Kept in a variable: a range-for over a member of a temporary would read the freed document.
  const auto discovery = nlohmann::json::parse(mvtest::read_file(dir.path() / "b/discovery.json"));
  for (const auto& [key, value] : discovery["restrictions"][0].items())
    if (key.starts_with("qp_")) columns.insert(key);
  // Names, dates, units and sources: what a row is, not a statistic.
  for (const char* identifier :
       {"step", "date", "period", "unit", "source_key", "model_counterpart", "factor", "box", "parameter",
        "description", "text", "sampled_min", "sampled_max"})
    columns.erase(identifier);
  columns.merge(statistics);
  ASSERT_GT(columns.size(), 40u);
  for (const auto& c : columns) EXPECT_NE(glossary.find("`" + c + "`"), std::string::npos) << c;
}
