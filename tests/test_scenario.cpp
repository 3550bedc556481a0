#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "engine/batch.h"
#include "scenario/scenario.h"
#include "test_util.h"

using namespace mv;
namespace fs = std::filesystem;
using mvtest::TempDir;

namespace {
const char* kMinimal = "name = \"t\"\n[run]\nruns = 10\nseed = 1\n";

/// Loads `text` as a scenario and returns the InputError's message ("" if it loaded).
std::string error_of(const std::string& text, const std::string& name = "s.toml") {
  TempDir dir;
  const fs::path p = dir.write(name, text);
  try {
    load_scenario(p);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::string& text, int line, const std::vector<std::string>& parts) {
  const std::string msg = error_of(text);
  ASSERT_FALSE(msg.empty()) << "expected an error for:\n" << text;
  EXPECT_NE(msg.find("s.toml:" + std::to_string(line) + ":"), std::string::npos) << msg;
  for (const auto& part : parts)
    EXPECT_NE(msg.find(part), std::string::npos) << "missing '" << part << "' in: " << msg;
}
}  // namespace

TEST(ScenarioLoader, ReadsFixedValuesDistributionsMechanismsAndEvents) {
  TempDir dir;
  const fs::path p = dir.write(
      "s.toml",
      std::string(kMinimal) +
          "[parameters]\nhedging_premium = 0.3\nrussia_attention = { dist = \"uniform\", min = 0.2, max = "
          "0.5, source = \"[FT2022]\" }\n"
          "gdp_growth_trend = { dist = \"triangular\", min = 0.02, mode = 0.03, max = 0.05 }\n"
          "opinion_russia_initial = { dist = \"normal\", mean = 0.45, sd = 0.05, min = 0.35, max = 0.55 }\n"
          "[mechanisms]\nhedging = false\n"
          "[[events]]\ndate = \"2022-07\"\nactor = \"russia\"\naction = \"pipeline_suspension\"\nmagnitude = "
          "0.5\nduration = 2\n");
  const Scenario sc = load_scenario(p);
  EXPECT_EQ(sc.name, "t");
  EXPECT_EQ(sc.run.runs, 10);
  EXPECT_DOUBLE_EQ(sc.params[static_cast<int>(Param::hedging_premium)].dist.value, 0.3);
  const auto& att = sc.params[static_cast<int>(Param::russia_attention)];
  EXPECT_EQ(att.dist.kind, Distribution::Kind::uniform);
  EXPECT_EQ(att.source, "[FT2022]");
  EXPECT_EQ(att.where.line, 7);
  EXPECT_FALSE(sc.mechanisms(Mechanism::hedging));
  EXPECT_TRUE(sc.mechanisms(Mechanism::balancing));
  ASSERT_EQ(sc.events.size(), 1u);
  EXPECT_EQ(sc.events[0].step, 6);
  EXPECT_EQ(sc.events[0].duration_months, 2);
  EXPECT_EQ(sc.events[0].id, "russia_pipeline_suspension_2022-07");
}

TEST(ScenarioLoader, UnknownKeysGetDidYouMean) {
  expect_error(std::string(kMinimal) + "[parameters]\nhedging_premum = 0.3\n", 6,
               {"unknown parameter 'hedging_premum'", "did you mean 'hedging_premium'"});
  expect_error(std::string(kMinimal) + "[mechanisms]\nhedgin = false\n", 6,
               {"unknown mechanism 'hedgin'", "did you mean 'hedging'"});
  expect_error("nmae = \"x\"\n", 1, {"unknown top-level key 'nmae'", "did you mean 'name'"});
  expect_error("[run]\nrunz = 5\n", 2, {"unknown key in [run] 'runz'", "did you mean 'runs'"});
  expect_error(
      std::string(kMinimal) + "[parameters]\nhedging_premium = { dist = \"uniform\", min = 0.1, mx = 0.3 }\n",
      6, {"'mx'", "did you mean 'max'"});
}

TEST(ScenarioLoader, WrongTypesSayWhatWasExpected) {
  expect_error("[run]\nruns = \"many\"\n", 2, {"'run.runs' is a string", "expected an integer"});
  expect_error(std::string(kMinimal) + "[parameters]\nhedging_premium = \"high\"\n", 6,
               {"parameter 'hedging_premium' is a string", "expected a number or a table"});
  expect_error(std::string(kMinimal) + "[mechanisms]\nhedging = 1\n", 6,
               {"mechanism 'hedging' is an integer", "true or false"});
  expect_error("[run]\nruns = 0\n", 2, {"out of range", "[1, 100000000]"});
}

TEST(RunSettings, OneTableGivesTheDefaultsAndTheBounds) {
  const RunSettings run;
  EXPECT_EQ(run.runs, spec(RunSetting::runs).default_value);
  EXPECT_EQ(static_cast<int64_t>(run.seed), spec(RunSetting::seed).default_value);
  EXPECT_EQ(run.citizens, spec(RunSetting::citizens).default_value);
  EXPECT_EQ(run.start.to_string(), "2022-01");
  EXPECT_EQ(run.horizon.to_string(), "2030-12");
  EXPECT_EQ(run.steps(), spec(RunSetting::months).default_value);
  for (const RunSettingSpec& s : kRunSettings) {
    EXPECT_LT(s.lower, s.upper) << s.name;
    if (s.name != "threads")  // 0: all cores
      EXPECT_TRUE(s.default_value >= s.lower && s.default_value <= s.upper) << s.name;
  }
  EXPECT_EQ(range_text(RunSetting::seed), "0 to 2^63-1");
  EXPECT_EQ(range_text(RunSetting::start), "1900-01 to 2200-12");
}

TEST(RunSettings, TheLoaderTakesItsBoundsFromTheTable) {
  expect_error("[run]\ncitizens = 999\n", 2, {"'run.citizens' = 999 is out of range", "[1000, 1000000]"});
  expect_error("[run]\nstart = \"1899-12\"\n", 2, {"is not a month between 1900-01 and 2200-12"});
  expect_error("[run]\nstart = \"1950-01\"\nhorizon = \"2051-01\"\n", 3,
               {"horizon more than 100 years after start", "at most 1200 months"});
}

TEST(ScenarioLoader, ValuesOutsideBoundsAreRejected) {
  expect_error(std::string(kMinimal) + "[parameters]\nrussia_attention = 1.5\n", 6,
               {"russia_attention", "outside its bounds [0, 1]"});
  expect_error(std::string(kMinimal) +
                   "[parameters]\nrussia_attention = { dist = \"uniform\", min = 0.2, max = 1.2 }\n",
               6, {"max = 1.2", "outside its bounds"});
  expect_error(std::string(kMinimal) +
                   "[parameters]\nrussia_attention = { dist = \"uniform\", min = 0.6, max = 0.2 }\n",
               6, {"min 0.6 > max 0.2"});
  expect_error(
      std::string(kMinimal) + "[parameters]\nrussia_attention = { dist = \"normal\", mean = 0.5, sd = -1 }\n",
      6, {"sd must be positive"});
  expect_error(std::string(kMinimal) + "[parameters]\nrussia_attention = { dist = \"uniform\", min = 0.2 }\n",
               6, {"missing 'max'"});
  expect_error(std::string(kMinimal) +
                   "[parameters]\nrussia_attention = { dist = \"unifrom\", min = 0.2, max = 0.3 }\n",
               6, {"unknown distribution 'unifrom'", "did you mean 'uniform'"});
}

TEST(ScenarioLoader, BadEventsAreRejected) {
  const std::string head = std::string(kMinimal) + "[[events]]\ndate = \"2022-07\"\n";
  expect_error(head + "actor = \"rusia\"\naction = \"demand\"\n", 7,
               {"unknown actor 'rusia'", "did you mean 'russia'"});
  expect_error(head + "actor = \"russia\"\naction = \"pipline_suspension\"\n", 8,
               {"unknown action 'pipline_suspension'", "did you mean 'pipeline_suspension'"});
  expect_error(head + "actor = \"turkey\"\naction = \"pipeline_suspension\"\n", 7,
               {"actor 'turkey' cannot take action 'pipeline_suspension'", "russia"});
  expect_error(head + "actor = \"russia\"\naction = \"demand\"\nmagnitude = 3\n", 9,
               {"magnitude 3", "[0, 1]"});
  expect_error(
      std::string(kMinimal) + "[[events]]\ndate = \"2035-01\"\nactor = \"russia\"\naction = \"demand\"\n", 5,
      {"outside the horizon 2022-01 to 2030-12"});
  expect_error(
      std::string(kMinimal) + "[[events]]\ndate = \"July 2022\"\nactor = \"russia\"\naction = \"demand\"\n",
      6, {"is not a month", "YYYY-MM"});
  expect_error(std::string(kMinimal) + "[[events]]\nactor = \"russia\"\naction = \"demand\"\n", 5,
               {"missing 'date'"});
}

TEST(ScenarioLoader, NamesAndIdsMustBeSafeForDirectoriesAndCsv) {
  expect_error("name = \"../../etc/x\"\n", 1, {"'../../etc/x' is not a valid name", "letters, digits"});
  expect_error(std::string(kMinimal) +
                   "[[events]]\nid = \"\"\ndate = \"2022-07\"\nactor = \"russia\"\naction = \"demand\"\n",
               6, {"'' is not a valid name"});
}

TEST(ScenarioExtends, AWhatIfWithoutANameIsNamedAfterItsFile) {
  TempDir dir;
  dir.write("base.toml", kMinimal);
  const Scenario sc = load_scenario(dir.write("my_whatif.toml", "extends = \"base.toml\"\n"));
  EXPECT_EQ(sc.name, "my_whatif");
}

TEST(ScenarioLoader, MalformedTomlReportsLineAndColumn) {
  const std::string msg = error_of("name = \"x\"\n[run]\nruns = = 3\n");
  EXPECT_NE(msg.find("s.toml:3:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("malformed TOML"), std::string::npos) << msg;
}

TEST(ScenarioLoader, MissingFileIsAnInputError) {
  EXPECT_THROW(load_scenario("/nonexistent/x.toml"), InputError);
}

TEST(ScenarioExtends, ChildOverridesParentAndDropsEvents) {
  TempDir dir;
  dir.write("base.toml",
            std::string(kMinimal) +
                "[parameters]\nhedging_premium = 0.3\nrussia_attention = 0.4\n"
                "[[events]]\nid = \"a\"\ndate = \"2022-03\"\nactor = \"china\"\naction = \"guarantee\"\n"
                "[[events]]\nid = \"b\"\ndate = \"2022-04\"\nactor = \"russia\"\naction = \"demand\"\n");
  const fs::path child =
      dir.write("sub/child.toml",
                "extends = \"../base.toml\"\nname = \"child\"\ndrop_events = "
                "[\"a\"]\n[parameters]\nhedging_premium = 0.5\n"
                "[[events]]\nid = \"c\"\ndate = \"2022-02\"\nactor = \"eu\"\naction = \"engage\"\n");
  const Scenario sc = load_scenario(child);
  EXPECT_EQ(sc.name, "child");
  EXPECT_EQ(sc.run.runs, 10);
  EXPECT_DOUBLE_EQ(sc.params[static_cast<int>(Param::hedging_premium)].dist.value, 0.5);
  EXPECT_DOUBLE_EQ(sc.params[static_cast<int>(Param::russia_attention)].dist.value, 0.4);
  ASSERT_EQ(sc.events.size(), 2u);
  EXPECT_EQ(sc.events[0].id, "c");  // sorted by date
  EXPECT_EQ(sc.events[1].id, "b");
  EXPECT_EQ(sc.files.size(), 2u);
}

TEST(ScenarioExtends, MissingAndCircularChainsAreErrors) {
  TempDir dir;
  dir.write("a.toml", "extends = \"b.toml\"\n");
  dir.write("b.toml", "extends = \"a.toml\"\n");
  dir.write("c.toml", "name = \"c\"\nextends = \"nothere.toml\"\n");
  try {
    load_scenario(dir.path() / "a.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("circular extends"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("b.toml:1:"), std::string::npos) << e.what();
  }
  try {
    load_scenario(dir.path() / "c.toml");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("c.toml:2:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'nothere.toml' not found"), std::string::npos) << e.what();
  }
  dir.write("d.toml", "extends = \"../nowhere/x.toml\"\n");
  EXPECT_THROW(load_scenario(dir.path() / "d.toml"), InputError);
}

TEST(ScenarioExtends, DroppingAnUnknownEventSuggestsTheNearestId) {
  TempDir dir;
  dir.write(
      "base.toml",
      std::string(kMinimal) +
          "[[events]]\nid = \"xi_pledge\"\ndate = \"2022-09\"\nactor = \"china\"\naction = \"guarantee\"\n");
  const fs::path child = dir.write("child.toml", "extends = \"base.toml\"\ndrop_events = [\"xi_pledg\"]\n");
  try {
    load_scenario(child);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'xi_pledge'"), std::string::npos) << e.what();
  }
}

TEST(Lenses, ApplyOnTopOfAnyScenarioAndNameTheRun) {
  const fs::path root = mvtest::source_dir() / "scenarios";
  for (const char* lens : {"russia_threat", "russia_collegial"}) {
    const fs::path lens_file = root / "lenses" / (std::string(lens) + ".toml");
    for (const char* sc : {"baseline.toml", "whatif/forced_choice.toml", "replay_2022.toml"}) {
      const Scenario plain = load_scenario(root / sc);
      const Scenario lensed = load_scenario(root / sc, {lens_file});
      EXPECT_EQ(lensed.name, plain.name + "." + lens);
      ASSERT_EQ(lensed.lenses, std::vector<std::string>{lens});
      EXPECT_EQ(lensed.events.size(), plain.events.size());  // a lens never touches the timeline
      EXPECT_NE(lensed.params[static_cast<int>(Param::resolve_russia)].dist.min,
                plain.params[static_cast<int>(Param::resolve_russia)].dist.min);
      EXPECT_NE(lensed.params[static_cast<int>(Param::resolve_russia)].source.find("2022]"),
                std::string::npos);
    }
  }
}

TEST(Lenses, ALensMayNotChangeRunsOrEvents) {
  TempDir dir;
  const fs::path base = dir.write("base.toml", kMinimal);
  const fs::path lens = dir.write("bad_lens.toml", "name = \"l\"\n[run]\nruns = 5\n");
  try {
    load_scenario(base, {lens});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad_lens.toml:2:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("unknown key in a lens 'run'"), std::string::npos) << e.what();
  }
}

TEST(ScenarioExtends, AnArrayOfBasesAppliesInOrder) {
  TempDir dir;
  dir.write("base.toml",
            std::string(kMinimal) + "[parameters]\nhedging_premium = 0.3\nrussia_attention = 0.4\n");
  dir.write("lens.toml", "[parameters]\nhedging_premium = 0.2\n");
  const Scenario sc = load_scenario(dir.write("child.toml", "extends = [\"base.toml\", \"lens.toml\"]\n"));
  EXPECT_DOUBLE_EQ(sc.params[static_cast<int>(Param::hedging_premium)].dist.value, 0.2);
  EXPECT_DOUBLE_EQ(sc.params[static_cast<int>(Param::russia_attention)].dist.value, 0.4);
  EXPECT_EQ(sc.name, "child");
}

TEST(HistoricalReplay, CarriesTheDocumentedEventsOf2022) {
  const Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/replay_2022.toml");
  std::vector<std::string> months;
  for (const auto& e : sc.events)
    months.push_back(e.date.to_string() + " " + std::string(spec(e.action).name));
  for (const char* expected : {"2022-01 fuel_price_shock", "2022-01 csto_deployment", "2022-02 war_starts",
                               "2022-06 demand", "2022-07 pipeline_suspension", "2022-08 guarantee",
                               "2022-09 guarantee", "2022-09 migration_inflow", "2022-11 election"})
    EXPECT_NE(std::find(months.begin(), months.end(), expected), months.end()) << expected;
  for (const auto& e : sc.events) EXPECT_FALSE(e.source.empty()) << e.id;
}

TEST(ScenarioResolved, RoundTripsThroughItsOwnToml) {
  const Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/whatif/cpc_long_suspension.toml");
  TempDir dir;
  const fs::path p = dir.write("resolved.toml", sc.resolved_toml());
  const Scenario again = load_scenario(p);
  EXPECT_EQ(again.resolved_toml(), sc.resolved_toml());
  for (int i = 0; i < kNumParams; ++i) EXPECT_EQ(again.params[i].source, sc.params[i].source);
}

TEST(ShippedScenarios, AllValidateAndEveryParameterHasAPriorAndASource) {
  const fs::path root = mvtest::source_dir() / "scenarios";
  int count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".toml") continue;
    if (entry.path().parent_path().filename() == "sweeps") continue;  // sweep files: test_sweep.cpp
    if (entry.path().parent_path().filename() == "calibration") continue;  // test_calibration.cpp
    EXPECT_NO_THROW(load_scenario(entry.path())) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 6);
  // The parameter table is the one source of truth: every row has a source, a prior inside its
  // bounds and a default inside its prior.
  for (const auto& p : kParameters) {
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_LE(p.lower, p.prior_min) << p.name;
    EXPECT_LE(p.prior_min, p.prior_max) << p.name;
    EXPECT_LE(p.prior_max, p.upper) << p.name;
    EXPECT_GE(p.default_value, p.prior_min) << p.name;
    EXPECT_LE(p.default_value, p.prior_max) << p.name;
  }
}

TEST(ShippedScenarios, BaselineCitesTheParameterTablesSources) {
  // One source of truth: the baseline repeats each parameter's source from the code's table.
  const Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/baseline.toml");
  for (int i = 0; i < kNumParams; ++i)
    EXPECT_EQ(sc.params[i].source, kParameters[i].source) << kParameters[i].name;
}

TEST(Distributions, SampleMomentsMatchTheory) {
  Rng rng(2024);
  auto moments = [&](const Distribution& d, double& mean, double& var) {
    const int n = 100000;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
      const double x = d.sample(rng);
      ASSERT_GE(x, d.min);
      ASSERT_LE(x, d.max);
      s += x;
      s2 += x * x;
    }
    mean = s / n;
    var = s2 / n - mean * mean;
  };
  double m, v;
  Distribution u{Distribution::Kind::uniform};
  u.min = 2;
  u.max = 5;
  moments(u, m, v);
  EXPECT_NEAR(m, 3.5, 0.02);
  EXPECT_NEAR(v, 9.0 / 12, 0.01);

  Distribution t{Distribution::Kind::triangular};
  t.min = 0;
  t.mode = 1;
  t.max = 4;
  moments(t, m, v);
  EXPECT_NEAR(m, 5.0 / 3, 0.02);
  EXPECT_NEAR(v, (0 + 1 + 16 - 0 - 0 - 4) / 18.0, 0.01);  // (a²+b²+c²-ab-ac-bc)/18

  Distribution n{Distribution::Kind::normal};
  n.mean = 0.5;
  n.sd = 0.1;
  n.min = -10;
  n.max = 10;
  moments(n, m, v);
  EXPECT_NEAR(m, 0.5, 0.002);
  EXPECT_NEAR(v, 0.01, 0.0005);

  // Truncated to [0.5, 10]: the mean of a half-normal shifted to 0.5 is 0.5 + 0.1*sqrt(2/pi).
  n.min = 0.5;
  moments(n, m, v);
  EXPECT_NEAR(m, 0.5 + 0.1 * std::sqrt(2 / M_PI), 0.002);
  EXPECT_NEAR(n.expected(), 0.5 + 0.1 * std::sqrt(2 / M_PI), 1e-9);
}

TEST(Distributions, SamplingDrawsOneVariatePerParameter) {
  // Changing one parameter's distribution must not shift the draws of the others.
  Scenario a = Scenario::defaults(), b = Scenario::defaults();
  for (auto* sc : {&a, &b}) {
    auto& d = sc->params[static_cast<int>(Param::russia_attention)].dist;
    d = Distribution{Distribution::Kind::uniform};
    d.min = 0.2;
    d.max = 0.5;
  }
  auto& extra = b.params[static_cast<int>(Param::hedging_premium)].dist;
  extra = Distribution{Distribution::Kind::uniform};
  extra.min = 0.1;
  extra.max = 0.4;
  const ParamValues pa = sample_parameters(a, 123), pb = sample_parameters(b, 123);
  EXPECT_EQ(pa[Param::russia_attention], pb[Param::russia_attention]);
  EXPECT_NE(pa[Param::hedging_premium], pb[Param::hedging_premium]);
}

TEST(ScenarioLoader, RunDatesAreCheckedWhicheverFileSetsThem) {
  // Issue 18 #2: the start was checked against the horizon only in a table that set both.
  TempDir dir;
  dir.write("base.toml", "name = \"base\"\n[run]\nstart = \"2022-01\"\nhorizon = \"2023-12\"\n");
  const fs::path late = dir.write("late.toml", "extends = \"base.toml\"\n[run]\nstart = \"2024-06\"\n");
  try {
    load_scenario(late);
    FAIL() << "a start after the inherited horizon loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("late.toml:3:9: error: start 2024-06 is after the horizon 2023-12"),
              std::string::npos)
        << e.what();
  }
  expect_error("[run]\nstart = \"1900-01\"\n", 2, {"start more than 100 years before the horizon 2030-12"});
  expect_error("[run]\nhorizon = \"2200-01\"\n", 2, {"horizon more than 100 years after start"});
  // Only the final dates count: a child may move both past a parent's horizon.
  const fs::path later =
      dir.write("later.toml", "extends = \"base.toml\"\n[run]\nstart = \"2030-01\"\nhorizon = \"2031-12\"\n");
  EXPECT_EQ(load_scenario(later).run.steps(), 24);
}

TEST(ScenarioLoader, AnEmptyFileIsRefused) {
  // Issue 18 #13: an empty file ran as the defaults under the file's name.
  for (const char* text : {"", "# nothing but a comment\n\n"}) {
    const std::string msg = error_of(text);
    EXPECT_NE(msg.find("s.toml: error: scenario file is empty"), std::string::npos) << msg;
  }
  TempDir dir;
  const fs::path lens = dir.write("lens.toml", "");
  try {
    load_scenario(mvtest::source_dir() / "scenarios/baseline.toml", {lens});
    FAIL() << "an empty lens loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("lens file is empty"), std::string::npos) << e.what();
  }
}

TEST(ScenarioExtends, ASymlinkLoopIsALocatedError) {
  // Issue 18 #11: fs::weakly_canonical threw, and the user saw "internal error".
  TempDir dir;
  fs::create_symlink("b.toml", dir.path() / "a.toml");
  fs::create_symlink("a.toml", dir.path() / "b.toml");
  const fs::path p = dir.write("s.toml", "name = \"s\"\nextends = \"a.toml\"\n");
  try {
    load_scenario(p);
    FAIL() << "a symlink loop loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("s.toml:2:11: error: extended scenario 'a.toml' cannot be resolved"),
              std::string::npos)
        << e.what();
  }
  try {
    load_scenario(dir.path() / "a.toml");
    FAIL() << "a symlink loop loaded";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("a.toml: error: cannot open scenario file ("), std::string::npos)
        << e.what();
  }
}

TEST(ScenarioLoader, NamesTakenFromFileNamesAreChecked) {
  // Issue 18 #5: a what-if named "...toml" was called "..", and its results went to results/..
  for (const char* file : {"...toml", ".hidden.toml", "two words.toml"}) {
    const std::string msg = error_of("[run]\nruns = 10\n", file);
    EXPECT_NE(msg.find("the file name gives the name '"), std::string::npos) << file << ": " << msg;
    EXPECT_NE(msg.find("which is not a valid name"), std::string::npos) << msg;
  }
  EXPECT_EQ(error_of("name = \"fine\"\n[run]\nruns = 10\n", "...toml"), "");  // a name key decides
  TempDir dir;
  const fs::path lens = dir.write("..toml", "[parameters]\nhedging_premium = 0.3\n");
  EXPECT_THROW(load_scenario(mvtest::source_dir() / "scenarios/baseline.toml", {lens}), InputError);
}
