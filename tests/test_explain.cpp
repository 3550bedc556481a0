// `multivector explain` replays replicate K bit for bit and narrates it with the IR concepts
// at work; its CSV trace carries the full per-step state.
#include <gtest/gtest.h>

#include "test_util.h"

namespace fs = std::filesystem;
using mvtest::parse_csv;
using mvtest::run_cli;

namespace {
std::string scenario(const char* rel) { return (mvtest::source_dir() / "scenarios" / rel).string(); }

size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << name;
  return static_cast<size_t>(it - header.begin());
}
}  // namespace

TEST(Explain, TraceIsTheSameReplicateAsTheBatchRowBitForBit) {
  mvtest::TempDir dir;
  const fs::path out = dir.path() / "batch";
  ASSERT_EQ(run_cli({"run", scenario("whatif/cpc_long_suspension.toml"), "--runs", "6", "--seed", "11", "--citizens",
                     "1000", "--out", out.string(), "--quiet"})
                .exit_code,
            0);
  const auto runs = parse_csv(mvtest::read_file(out / "runs.csv"));
  for (int k : {0, 4}) {
    auto r = run_cli({"explain", scenario("whatif/cpc_long_suspension.toml"), "--run", std::to_string(k), "--seed",
                      "11", "--citizens", "1000", "--format", "csv"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto trace = parse_csv(r.out);
    ASSERT_EQ(trace.size(), 1u + 108u);
    const auto& last = trace.back();
    const auto& row = runs[1 + k];
    for (const char* v : {"align_russia", "align_china", "align_eu", "align_turkey", "alt_capacity_mt",
                          "revenue_loss_bn", "sanctions_compliance", "opinion_russia", "polarisation", "crises"})
      EXPECT_EQ(last[column(trace[0], v)], row[column(runs[0], v)]) << v << " run " << k;
  }
}

TEST(Explain, NarrativeNamesTheConceptsAtWork) {
  auto r = run_cli({"explain", scenario("whatif/cpc_long_suspension.toml"), "--run", "2", "--citizens", "1000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& t = r.out;
  auto block = [&](const std::string& month) {
    const auto a = t.find("\n" + month + "\n");
    EXPECT_NE(a, std::string::npos) << month;
    return t.substr(a, t.find("\n\n", a + 1) - a);
  };
  EXPECT_NE(block("2023-01").find("weaponized interdependence"), std::string::npos) << block("2023-01");
  EXPECT_NE(block("2023-01").find("revenue lost this month"), std::string::npos);
  EXPECT_NE(block("2022-09").find("china guarantee"), std::string::npos) << block("2022-09");
  EXPECT_NE(t.find("credible commitment"), std::string::npos);
  EXPECT_NE(block("2022-02").find("war_starts"), std::string::npos);
  EXPECT_NE(t.find("2030-12"), std::string::npos);
  // a different replicate tells a different story
  auto other = run_cli({"explain", scenario("whatif/cpc_long_suspension.toml"), "--run", "3", "--citizens", "1000"});
  EXPECT_NE(other.out, t);
}

TEST(Explain, BadFormatGetsDidYouMean) {
  auto r = run_cli({"explain", scenario("baseline.toml"), "--format", "csb"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean 'csv'"), std::string::npos) << r.err;
}

TEST(Explain, TerseByDefaultVerboseOnRequestAndWindowed) {
  const std::vector<std::string> base = {"explain", scenario("baseline.toml"), "--run", "1", "--citizens", "1000"};
  auto terse = run_cli(base);
  auto args = base;
  args.push_back("--verbose");
  auto verbose = run_cli(args);
  ASSERT_EQ(terse.exit_code, 0) << terse.err;
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  auto count = [](const std::string& t, const std::string& what) {
    size_t n = 0;
    for (size_t at = t.find(what); at != std::string::npos; at = t.find(what, at + 1)) ++n;
    return n;
  };
  // Every month in full, or only the eventful ones plus a line each quiet December.
  EXPECT_EQ(count(verbose.out, "\n  society:"), 108u);
  EXPECT_LT(count(terse.out, "\n"), count(verbose.out, "\n") / 2);
  // Scripted events are never left out, and the powers' choice rule is explained once, plainly.
  EXPECT_NE(terse.out.find("war_starts"), std::string::npos);
  EXPECT_EQ(count(terse.out, "noisy best response (a logit rule)"), 1u);
  // A window narrows the narrative to its months.
  args = base;
  for (const char* a : {"--from", "2023-03", "--to", "2023-05", "--verbose"}) args.push_back(a);
  auto window = run_cli(args);
  ASSERT_EQ(window.exit_code, 0) << window.err;
  EXPECT_EQ(count(window.out, "\n  society:"), 3u);
  EXPECT_NE(window.out.find("\n2023-03\n"), std::string::npos);
  EXPECT_EQ(window.out.find("\n2023-06"), std::string::npos);
  args = base;
  for (const char* a : {"--from", "2023-05", "--to", "2023-03"}) args.push_back(a);
  EXPECT_EQ(run_cli(args).exit_code, 2);
  args = base;
  for (const char* a : {"--from", "2019-01"}) args.push_back(a);
  auto outside = run_cli(args);
  EXPECT_EQ(outside.exit_code, 2);
  EXPECT_NE(outside.err.find("expected a month YYYY-MM from 2022-01 to 2030-12"), std::string::npos) << outside.err;
}
