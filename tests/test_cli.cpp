#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "model/model.h"
#include "scenario/parameters.h"
#include "test_util.h"

namespace fs = std::filesystem;
using mvtest::run_cli;

namespace {
std::string baseline() {
  return (mvtest::source_dir() / "scenarios/baseline.toml").string();
}
}  // namespace

TEST(Cli, VersionAndHelpForEveryCommand) {
  auto v = run_cli({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("multivector 0."), std::string::npos);
  EXPECT_EQ(run_cli({}).exit_code, 2);
  // Every command of the one table that dispatch reads answers --help with its usage line,
  // and `multivector --help` lists it with its summary.
  const auto usage = run_cli({"--help"});
  EXPECT_EQ(usage.exit_code, 0);
  ASSERT_GE(mv::cli::commands().size(), 10u);
  for (const auto& c : mv::cli::commands()) {
    auto h = run_cli({c.name, "--help"});
    EXPECT_EQ(h.exit_code, 0) << c.name;
    EXPECT_EQ(h.err, "") << c.name;
    EXPECT_EQ(h.out.rfind("usage: multivector " + c.synopsis + "\n\n", 0), 0u) << c.name << ": " << h.out;
    EXPECT_NE(usage.out.find("  " + c.name + std::string(17 - c.name.size(), ' ') + c.summary + "\n"),
              std::string::npos)
        << c.name;
  }
}

TEST(Cli, EveryOptionAnsweredInHelpIsInTheCommandsUsageLine) {
  // The usage line (the table's synopsis) and the option list come from two places; a new option
  // must appear in both. dock's own parameters are the synopsis's [--PARAM VALUE ...].
  for (const auto& c : mv::cli::commands()) {
    if (c.name == "dock") continue;
    const auto h = run_cli({c.name, "--help"});
    std::istringstream lines(h.out);
    int listed = 0;
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("  --")) continue;
      const std::string option = line.substr(2, line.find(' ', 2) - 2);
      if (option == "--help") continue;
      ++listed;
      EXPECT_NE(c.synopsis.find(option), std::string::npos) << c.name << ": " << option << " is not in '"
                                                            << c.synopsis << "'";
    }
    EXPECT_GT(listed, 0) << c.name;
  }
}

TEST(Cli, UnknownCommandsAndOptionsGetDidYouMeanAndExitTwo) {
  auto c = run_cli({"rnu"});
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.err.find("did you mean 'run'"), std::string::npos) << c.err;
  auto o = run_cli({"run", baseline(), "--thread", "2"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("did you mean '--threads'"), std::string::npos) << o.err;
}

TEST(Cli, NumbersAreParsedStrictly) {
  mvtest::TempDir dir;
  for (auto args : std::vector<std::vector<std::string>>{
           {"--runs", "10abc"}, {"--runs", "0"}, {"--seed", "-1"}, {"--threads", "two"}}) {
    std::vector<std::string> full = {"run", baseline(), "--out", (dir.path() / "o").string()};
    full.insert(full.end(), args.begin(), args.end());
    auto r = run_cli(full);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args[1];
    EXPECT_NE(r.err.find("invalid value"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "o"));
  }
}

TEST(Cli, BadScenarioGivesFileLineAndExitTwo) {
  mvtest::TempDir dir;
  const fs::path bad = dir.write("bad.toml", "name = \"x\"\n[parameters]\nhedging_premum = 0.2\n");
  auto r = run_cli({"run", bad.string(), "--out", (dir.path() / "o").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml:3:1: error: unknown parameter 'hedging_premum'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("did you mean 'hedging_premium'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "o"));
  EXPECT_EQ(run_cli({"validate", bad.string()}).exit_code, 2);
}

TEST(Cli, RunWritesTheFourFilesAndRefusesToOverwrite) {
  mvtest::TempDir dir;
  const fs::path out = dir.path() / "res";
  auto r = run_cli({"run", baseline(), "--citizens", "1000", "--runs", "30", "--seed", "9", "--out",
                    out.string(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // --quiet
  for (const char* f :
       {"runs.csv", "summary.csv", "timeseries.csv", "manifest.json", "scenario.resolved.toml", "outcomes.csv"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  // outcomes.csv is the outcome table as `params --outcomes --format csv` prints it: one row per
  // outcome of runs.csv, in the same order, events marked as such.
  const auto outcomes = mvtest::parse_csv(mvtest::read_file(out / "outcomes.csv"));
  EXPECT_EQ(mvtest::read_file(out / "outcomes.csv"), run_cli({"params", "--outcomes", "--format", "csv"}).out);
  ASSERT_EQ(outcomes.size(), mv::kOutcomes.size() + 1);
  EXPECT_EQ(outcomes[0], (std::vector<std::string>{"name", "unit", "description", "kind"}));
  const auto runs_header = mvtest::parse_csv(mvtest::read_file(out / "runs.csv"))[0];
  for (size_t k = 1; k < outcomes.size(); ++k) {
    EXPECT_EQ(outcomes[k][0], runs_header[runs_header.size() - outcomes.size() + k]);
    EXPECT_EQ(outcomes[k][3], mv::kOutcomes[k - 1].is_event ? "event" : "continuous") << outcomes[k][0];
  }
  EXPECT_EQ(outcomes.back(), (std::vector<std::string>{"csto_exit", "event", "Kazakhstan leaves the CSTO", "event"}));
  EXPECT_EQ(mvtest::parse_csv(mvtest::read_file(out / "runs.csv")).size(), 31u);
  // params --columns prints the header the writer used, one column a line.
  std::string listed;
  for (const auto& c : runs_header) listed += c + "\n";
  EXPECT_EQ(run_cli({"params", "--columns", "runs.csv"}).out, listed);
  EXPECT_EQ(runs_header.size(), 4u + mv::kNumParams + mv::kOutcomes.size());
  auto unknown = run_cli({"params", "--columns", "run.csv"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("did you mean 'runs.csv'"), std::string::npos) << unknown.err;
  const std::string before = mvtest::read_file(out / "runs.csv");

  auto again = run_cli({"run", baseline(), "--citizens", "1000", "--runs", "5", "--out", out.string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("--force"), std::string::npos);
  EXPECT_EQ(mvtest::read_file(out / "runs.csv"), before);

  auto forced = run_cli(
      {"run", baseline(), "--citizens", "1000", "--runs", "5", "--out", out.string(), "--force", "--quiet"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(mvtest::parse_csv(mvtest::read_file(out / "runs.csv")).size(), 6u);
  // No staging directories are left beside the results.
  for (const auto& e : fs::directory_iterator(dir.path())) EXPECT_EQ(e.path().filename(), "res");
}

TEST(Cli, OutputIsByteIdenticalForOneAndTwoThreads) {
  mvtest::TempDir dir;
  const fs::path a = dir.path() / "a", b = dir.path() / "b";
  ASSERT_EQ(run_cli({"run", baseline(), "--citizens", "1000", "--runs", "200", "--threads", "1", "--out",
                     a.string(), "--quiet"})
                .exit_code,
            0);
  ASSERT_EQ(run_cli({"run", baseline(), "--citizens", "1000", "--runs", "200", "--threads", "2", "--out",
                     b.string(), "--quiet"})
                .exit_code,
            0);
  for (const char* f : {"runs.csv", "summary.csv", "timeseries.csv", "scenario.resolved.toml", "outcomes.csv"})
    EXPECT_EQ(mvtest::read_file(a / f), mvtest::read_file(b / f)) << f;
}

TEST(Cli, ResolvedScenarioReproducesTheBatch) {
  mvtest::TempDir dir;
  const fs::path a = dir.path() / "a", b = dir.path() / "b";
  ASSERT_EQ(run_cli({"run", (mvtest::source_dir() / "scenarios/whatif/forced_choice.toml").string(), "--runs",
                     "40", "--citizens", "1000", "--seed", "3", "--out", a.string(), "--quiet"})
                .exit_code,
            0);
  ASSERT_EQ(run_cli({"run", (a / "scenario.resolved.toml").string(), "--runs", "40", "--seed", "3", "--out",
                     b.string(), "--quiet"})
                .exit_code,
            0);
  EXPECT_EQ(mvtest::read_file(a / "runs.csv"), mvtest::read_file(b / "runs.csv"));
}

TEST(Cli, LensByNameWithDidYouMean) {
  mvtest::TempDir dir;
  auto ok = run_cli(
      {"run", baseline(), "--lens", "russia_collegial", "--runs", "5", "--citizens", "1000", "--quiet"},
      dir.path());
  // resolved relative to the scenario's folder, output named after scenario and lens
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(fs::exists(dir.path() / "results" / "baseline.russia_collegial" / "manifest.json"));
  EXPECT_NE(mvtest::read_file(dir.path() / "results" / "baseline.russia_collegial" / "manifest.json")
                .find("\"russia_collegial\""),
            std::string::npos);
  auto bad = run_cli({"validate", baseline(), "--lens", "russia_treat"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("did you mean 'russia_threat'"), std::string::npos) << bad.err;
}

TEST(Cli, UnwritableOutputDirectoryExitsTwo) {
  mvtest::TempDir dir;
  dir.write("file", "x");
  auto r = run_cli({"run", baseline(), "--citizens", "1000", "--runs", "3", "--out",
                    (dir.path() / "file" / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot create output directory"), std::string::npos) << r.err;
}

TEST(Cli, DefaultOutputIsResultsSlashScenarioName) {
  mvtest::TempDir dir;
  auto r = run_cli({"run", baseline(), "--citizens", "1000", "--runs", "3", "--quiet"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir.path() / "results" / "baseline" / "summary.csv"));
}

TEST(Cli, ParamsListsEveryParameterInEveryFormat) {
  auto csv = run_cli({"params", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0);
  const auto rows = mvtest::parse_csv(csv.out);
  ASSERT_EQ(rows.size(), 1u + mv::kNumParams);
  for (int i = 0; i < mv::kNumParams; ++i) {
    EXPECT_EQ(rows[i + 1][0], mv::kParameters[i].name);
    EXPECT_FALSE(rows[i + 1][8].empty()) << "no source for " << rows[i + 1][0];
  }
  auto bad = run_cli({"params", "--format", "markdwn"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("did you mean 'markdown'"), std::string::npos);
}

TEST(Docs, ModelDocumentCarriesTheGeneratedParameterTable) {
  const std::string doc = mvtest::read_file(mvtest::source_dir() / "docs/model.md");
  const std::string begin = "<!-- parameter-table:begin -->\n", end = "<!-- parameter-table:end -->";
  const auto a = doc.find(begin), b = doc.find(end);
  ASSERT_NE(a, std::string::npos) << "docs/model.md lacks the parameter-table markers";
  ASSERT_NE(b, std::string::npos);
  const std::string table = doc.substr(a + begin.size(), b - a - begin.size());
  auto md = run_cli({"params", "--format", "markdown"});
  EXPECT_EQ(table, md.out) << "regenerate with: multivector params --format markdown";
}

TEST(Cli, OutNeverReplacesTheWorkingDirectoryOrOneHoldingIt) {
  // Issue 18 #5: "--out ." and "--out x/.." with --force replaced the working directory.
  mvtest::TempDir dir;
  const fs::path work = dir.path() / "work";
  fs::create_directories(work / "x");
  dir.write("work/keep.txt", "mine");
  fs::create_directory_symlink(work, dir.path() / "link");
  for (const std::string& out :
       std::vector<std::string>{".", "./", "x/..", "..", "../work", (dir.path() / "link").string()}) {
    auto r =
        run_cli({"run", baseline(), "--runs", "10", "--citizens", "1000", "--out", out, "--force"}, work);
    EXPECT_EQ(r.exit_code, 2) << out;
    EXPECT_NE(r.err.find("is the working directory or holds it"), std::string::npos) << out << ": " << r.err;
    r = run_cli({"merge", "x", "--out", out, "--force"}, work);
    EXPECT_EQ(r.exit_code, 2) << out;
    EXPECT_NE(r.err.find("is the working directory or holds it"), std::string::npos) << out << ": " << r.err;
  }
  EXPECT_EQ(mvtest::read_file(work / "keep.txt"), "mine");
  // A new directory beside it is still fine.
  const auto ok = run_cli({"run", baseline(), "--runs", "10", "--citizens", "1000", "--out", "../new"}, work);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(Cli, ArgumentsThatAreNotUtf8AreRefusedBeforeAnyWork) {
  // Issue 18 #9: the work was done, then the manifest's JSON failed: exit 1, "internal error".
  mvtest::TempDir dir;
  const std::string bad_out = (dir.path() / "o\xff").string();
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"run", baseline(), "--runs", "10", "--citizens", "1000", "--out", bad_out},
           {"sweep", (mvtest::source_dir() / "scenarios/sweeps/attention_grid.toml").string(), "--out",
            bad_out},
           {"run", baseline(), "--lens", "caf\xc3", "--out", (dir.path() / "o").string()},
           {"validate", "\xed\xa0\x80.toml"}}) {  // a UTF-16 surrogate: not UTF-8
    const auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_NE(r.err.find("is not valid UTF-8"), std::string::npos) << r.err;
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
  // UTF-8 beyond ASCII is fine.
  const auto ok = run_cli({"run", baseline(), "--runs", "10", "--citizens", "1000", "--quiet", "--out",
                           (dir.path() / "caf\xc3\xa9-\xf0\x9f\x93\x88").string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(Cli, EveryCommandWritingAFileRefusesAnExistingOneUnlessForced) {
  // Issue 18: dock and explain lacked the --force the other commands have; every command
  // checks its --out before the work.
  mvtest::TempDir dir;
  const fs::path out = dir.write("taken.txt", "mine");
  const std::vector<std::vector<std::string>> commands = {
      {"dock", "logit", "--runs", "2", "--out", out.string()},
      {"explain", baseline(), "--citizens", "1000", "--out", out.string()},
  };
  for (auto args : commands) {
    auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_NE(r.err.find("already exists; expected a new file, or --force to replace it"), std::string::npos)
        << r.err;
    EXPECT_EQ(mvtest::read_file(out), "mine");
    args.push_back("--force");
    r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ": " << r.err;
    EXPECT_NE(mvtest::read_file(out), "mine");
    dir.write("taken.txt", "mine");
  }
  // A report is refused before the batch directory is read.
  auto r = run_cli({"report", dir.path().string(), "--out", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
}

TEST(Cli, OutThroughASymlinkWritesWhereItPointsAndTooLongANameIsRefusedFirst) {
  // Issue 18 (lesser): a symbolic link given as --out with --force was replaced by a directory;
  // a 250-byte name failed as "File name too long" naming the parent (the staging name was).
  mvtest::TempDir dir;
  fs::create_directory(dir.path() / "target");
  fs::create_directory_symlink("target", dir.path() / "link");
  const std::vector<std::string> run = {"run", baseline(), "--runs", "10", "--citizens", "1000", "--quiet"};
  auto args = run;
  args.insert(args.end(), {"--out", (dir.path() / "link").string(), "--force"});
  auto r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir.path() / "link"));
  EXPECT_TRUE(fs::exists(dir.path() / "target/manifest.json"));
  args = run;
  args.insert(args.end(), {"--out", (dir.path() / std::string(250, 'a')).string()});
  r = run_cli(args);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is 250 bytes long; expected at most 240"), std::string::npos) << r.err;
}
