// Calibration (SMC-ABC), the posterior distribution kind and out-of-sample scores: the sampler
// against an analytic posterior, simulation-based calibration (Talts et al. 2018) on a toy
// problem and on the model itself, reproducibility, and the files it reads and writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "calibration/calibration.h"
#include "calibration/smc.h"
#include "core/rng.h"
#include "engine/batch.h"
#include "test_util.h"
#include "validation/history.h"

namespace fs = std::filesystem;
using namespace mv;

namespace {

/// The data of the toy problem: n draws of N(mu, 1) summarised by their mean (sufficient).
struct NormalMean {
  int n = 20;
  double observed_mean = 0.7;
  DistanceBatch distance() const {
    return [this](const Eigen::MatrixXd& thetas, const std::vector<uint64_t>& seeds) {
      std::vector<double> d(static_cast<size_t>(thetas.rows()));
      for (Eigen::Index i = 0; i < thetas.rows(); ++i) {
        Rng rng(seeds[static_cast<size_t>(i)], Stream::kModel);
        const double mean = thetas(i, 0) + rng.normal() / std::sqrt(static_cast<double>(n));
        d[static_cast<size_t>(i)] = std::abs(mean - observed_mean);
      }
      return d;
    };
  }
};

double weighted_mean(const SmcResult& r, int j) {
  double m = 0;
  for (Eigen::Index i = 0; i < r.particles.rows(); ++i) m += r.weights[static_cast<size_t>(i)] * r.particles(i, j);
  return m;
}

double weighted_variance(const SmcResult& r, int j) {
  const double m = weighted_mean(r, j);
  double v = 0;
  for (Eigen::Index i = 0; i < r.particles.rows(); ++i) {
    const double x = r.particles(i, j) - m;
    v += r.weights[static_cast<size_t>(i)] * x * x;
  }
  return v;
}

/// Share of the posterior weight strictly below `truth` (the normalised SBC rank).
double posterior_rank(const SmcResult& r, int j, double truth) {
  double below = 0;
  for (Eigen::Index i = 0; i < r.particles.rows(); ++i)
    if (r.particles(i, j) < truth) below += r.weights[static_cast<size_t>(i)];
  return below;
}

}  // namespace

TEST(Smc, RecoversTheAnalyticPosteriorOfANormalMean) {
  // Prior uniform(-5, 5), 20 observations of N(mu, 1) with mean 0.7: the posterior is
  // N(0.7, 1/20) up to a truncation 20 standard deviations away.
  const NormalMean toy;
  SmcSettings st;
  st.particles = 2000;
  st.min_acceptance = 0.02;
  st.max_simulations = 2'000'000;
  const SmcResult r = smc_abc({Distribution::uniform_on(-5, 5)}, toy.distance(), st, 11);
  const double sd = std::sqrt(1.0 / toy.n);
  EXPECT_NEAR(weighted_mean(r, 0), 0.7, 0.1 * sd);
  // ABC adds the tolerance's spread, eps^2 / 3 for a uniform kernel on |mean - observed| <= eps.
  const double eps = r.generations.back().tolerance;
  EXPECT_LT(eps, 0.25 * sd);
  EXPECT_NEAR(weighted_variance(r, 0), sd * sd + eps * eps / 3, 0.15 * sd * sd);
  EXPECT_FALSE(r.stop_reason.empty());
  // The tolerance falls generation by generation and every generation is recorded.
  for (size_t g = 2; g < r.generations.size(); ++g)
    EXPECT_LE(r.generations[g].tolerance, r.generations[g - 1].tolerance);
  for (size_t g = 1; g < r.generations.size(); ++g)
    EXPECT_GT(r.generations[g].simulations, r.generations[g - 1].simulations);
}

TEST(Smc, SimulationBasedCalibrationOnTheToyProblem) {
  // Talts et al. (2018): draw the truth from the prior, data from the truth, and the truth's rank
  // within the posterior must be uniform; a 50% and a 90% central interval must cover the truth
  // at their nominal rates.
  const int datasets = 200;
  std::vector<int> histogram(10, 0);
  int in50 = 0, in90 = 0;
  for (int k = 0; k < datasets; ++k) {
    Rng rng(replicate_seed(77, static_cast<uint64_t>(k)), Stream::kParameters);
    const double truth = -2 + 4 * rng.uniform();
    NormalMean toy;
    toy.observed_mean = truth + rng.normal() / std::sqrt(static_cast<double>(toy.n));
    SmcSettings st;
    st.particles = 400;
    st.min_acceptance = 0.05;
    st.max_moves = 10;
    const SmcResult r = smc_abc({Distribution::uniform_on(-2, 2)}, toy.distance(), st, 1000 + static_cast<uint64_t>(k));
    const double rank = posterior_rank(r, 0, truth);
    ++histogram[static_cast<size_t>(std::min(9, static_cast<int>(rank * 10)))];
    in50 += rank >= 0.25 && rank <= 0.75;
    in90 += rank >= 0.05 && rank <= 0.95;
  }
  // Binomial bounds at about four standard deviations.
  EXPECT_NEAR(in50 / static_cast<double>(datasets), 0.50, 0.14);
  EXPECT_NEAR(in90 / static_cast<double>(datasets), 0.90, 0.09);
  // Rank histogram: chi-square with 9 degrees of freedom below its 0.999 quantile (27.9).
  double chi2 = 0;
  for (int c : histogram) chi2 += (c - datasets / 10.0) * (c - datasets / 10.0) / (datasets / 10.0);
  EXPECT_LT(chi2, 27.9) << ::testing::PrintToString(histogram);
}

TEST(Smc, ResultsDoNotDependOnHowTheBatchIsSplit) {
  // The same seed gives the same particles whether the batch is evaluated in one piece or in
  // reverse order piece by piece (as threads and ranks would).
  const NormalMean toy;
  const DistanceBatch whole = toy.distance();
  const DistanceBatch reversed = [&](const Eigen::MatrixXd& t, const std::vector<uint64_t>& s) {
    std::vector<double> d(static_cast<size_t>(t.rows()));
    for (Eigen::Index i = t.rows() - 1; i >= 0; --i)
      d[static_cast<size_t>(i)] = whole(t.row(i), {s[static_cast<size_t>(i)]})[0];
    return d;
  };
  SmcSettings st;
  st.particles = 200;
  const SmcResult a = smc_abc({Distribution::uniform_on(-5, 5)}, whole, st, 5);
  const SmcResult b = smc_abc({Distribution::uniform_on(-5, 5)}, reversed, st, 5);
  EXPECT_EQ(a.particles, b.particles);
  EXPECT_EQ(a.weights, b.weights);
  const SmcResult c = smc_abc({Distribution::uniform_on(-5, 5)}, whole, st, 6);
  EXPECT_NE(a.particles, c.particles);
}

TEST(Smc, StopsAtTheSimulationBudget) {
  const NormalMean toy;
  SmcSettings st;
  st.particles = 100;
  st.max_simulations = 700;
  st.min_acceptance = 0;
  const SmcResult r = smc_abc({Distribution::uniform_on(-5, 5)}, toy.distance(), st, 5);
  EXPECT_LE(r.generations.back().simulations, 700);
  EXPECT_NE(r.stop_reason.find("budget"), std::string::npos) << r.stop_reason;
}

namespace {

/// A calibration of the model on a small run (1,000 citizens, 2022-2023) against observations
/// written to a temporary data folder: the values one simulation at `truth` produced.
struct ModelProblem {
  mvtest::TempDir dir;
  fs::path file;

  ModelProblem(const std::vector<std::pair<std::string, std::string>>& targets, const std::vector<double>& values,
               const std::string& parameters, int particles) {
    fs::create_directories(dir.path() / "observed");
    std::string csv = "variable,period,value,low,high,unit,source_key,split,note\n";
    std::string toml = "scenario = \"" + (mvtest::source_dir() / "scenarios/baseline.toml").string() +
                       "\"\nobserved = \"observed\"\nseed = 9\ncitizens = 1000\nuntil = \"2023-12\"\nparameters = [" +
                       parameters + "]\n[smc]\nparticles = " + std::to_string(particles) +
                       "\nmin_acceptance = 0.02\nmax_moves = 10\n";
    for (size_t j = 0; j < targets.size(); ++j) {
      const std::string v = format_double(values.empty() ? 0.0 : values[j]);
      csv += targets[j].first + "," + targets[j].second + "," + v + "," + v + "," + v + ",unit,test,calibration,\n";
      toml += "[[targets]]\nvariable = \"" + targets[j].first + "\"\nperiods = [\"" + targets[j].second + "\"]\n";
    }
    dir.write("observed/test.csv", csv);
    file = dir.write("calibration.toml", toml);
  }
};

const std::vector<std::pair<std::string, std::string>> kModelTargets = {
    {"russian_route_share", "2022"}, {"russian_route_share", "2023"}, {"trade_share_china", "2023"}};
const std::string kModelParameters = "\"russian_route_share_initial\", \"trade_growth_china\"";

}  // namespace

TEST(Calibration, PosteriorCoversTheTruthOnDataTheModelSimulated) {
  // SBC on the model: each dataset is one simulation at parameters drawn from the prior.
  const int datasets = 16;
  std::vector<double> truths, means;  // of the initial route share
  int in90 = 0, in50 = 0, intervals = 0;
  double contraction = 0;  // posterior sd / prior sd of the route share, averaged
  for (int k = 0; k < datasets; ++k) {
    ModelProblem probe(kModelTargets, {}, kModelParameters, 100);
    const Calibration shape = load_calibration(probe.file);
    Rng rng(replicate_seed(31, static_cast<uint64_t>(k)), Stream::kParameters);
    Eigen::VectorXd truth(2);
    const auto priors = shape.priors();
    for (int j = 0; j < 2; ++j) truth[j] = priors[static_cast<size_t>(j)].quantile(rng.uniform());
    std::vector<float> scratch;
    const std::vector<double> data = shape.simulate_targets(truth, replicate_seed(4242, static_cast<uint64_t>(k)), scratch);
    ModelProblem problem(kModelTargets, data, kModelParameters, 100);
    Calibration c = load_calibration(problem.file);
    c.scale_targets(2, nullptr);
    SmcSettings st = c.smc;
    const SmcResult r = smc_abc(c.priors(), parallel_distance(c, 2, nullptr), st, 100 + static_cast<uint64_t>(k));
    contraction += std::sqrt(weighted_variance(r, 0)) / (0.02 / std::sqrt(12.0)) / datasets;
    truths.push_back(truth[0]);
    means.push_back(weighted_mean(r, 0));
    for (int j = 0; j < 2; ++j) {
      const double rank = posterior_rank(r, j, truth[j]);
      in90 += rank >= 0.05 && rank <= 0.95;
      in50 += rank >= 0.25 && rank <= 0.75;
      ++intervals;
    }
  }
  // 32 intervals: nominal 28.8 and 16 covered; ABC's tolerance makes the posterior a little
  // wider, so coverage may exceed the nominal rate but must not fall well below it.
  EXPECT_GE(in90, 24) << in90 << " of " << intervals;
  EXPECT_GE(in50, 8) << in50 << " of " << intervals;
  EXPECT_LE(in50, 27) << in50 << " of " << intervals;
  // Covering the truth is not enough (the prior covers it too): the observed route shares carry
  // information on the initial route share, so its posterior is narrower than its prior and its
  // mean follows the truth from dataset to dataset.
  EXPECT_LT(contraction, 0.85);
  const double mt = std::accumulate(truths.begin(), truths.end(), 0.0) / datasets;
  const double mm = std::accumulate(means.begin(), means.end(), 0.0) / datasets;
  double sxy = 0, sxx = 0, syy = 0;
  for (int k = 0; k < datasets; ++k) {
    sxy += (truths[k] - mt) * (means[k] - mm);
    sxx += (truths[k] - mt) * (truths[k] - mt);
    syy += (means[k] - mm) * (means[k] - mm);
  }
  const double correlation = sxy / std::sqrt(sxx * syy);
  EXPECT_GT(correlation, 0.6);
  std::printf("SBC on the model: %d of %d in the 90%% interval, %d in the 50%% interval; posterior/prior sd %.2f; corr(truth, posterior mean) %.2f\n",
              in90, intervals, in50, contraction, correlation);
}

TEST(Calibration, CommandIsByteIdenticalAcrossThreadCounts) {
  ModelProblem p(kModelTargets, {96.5, 94.5, 22.5}, kModelParameters, 60);
  const auto one = mvtest::run_cli({"calibrate", p.file.string(), "--threads", "1", "--out", (p.dir.path() / "a").string(), "--quiet"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = mvtest::run_cli({"calibrate", p.file.string(), "--threads", "2", "--out", (p.dir.path() / "b").string(), "--quiet"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  for (const char* f : {"posterior.csv", "diagnostics.csv", "targets.csv", "calibration.toml", "scenario.resolved.toml"})
    EXPECT_EQ(mvtest::read_file(p.dir.path() / "a" / f), mvtest::read_file(p.dir.path() / "b" / f)) << f;
  // An existing result is not replaced without --force.
  const auto again = mvtest::run_cli({"calibrate", p.file.string(), "--out", (p.dir.path() / "a").string(), "--quiet"});
  EXPECT_EQ(again.exit_code, 2);
  // The files' formats.
  const auto posterior = mvtest::parse_csv(mvtest::read_file(p.dir.path() / "a/posterior.csv"));
  ASSERT_GE(posterior.size(), 2u);
  EXPECT_EQ(posterior[0], (std::vector<std::string>{"particle", "weight", "russian_route_share_initial",
                                                    "trade_growth_china", "distance"}));
  double total = 0;
  for (size_t i = 1; i < posterior.size(); ++i) total += std::stod(posterior[i][1]);
  EXPECT_NEAR(total, 1.0, 1e-9);
  const auto diag = mvtest::parse_csv(mvtest::read_file(p.dir.path() / "a/diagnostics.csv"));
  EXPECT_EQ(diag[0], (std::vector<std::string>{"generation", "tolerance", "ess", "live", "resampled",
                                               "acceptance_rate", "moves", "unique", "simulations"}));
  EXPECT_EQ(diag[1][1], "inf");
}

TEST(Calibration, TheCalibratedLensDrawsWholeParticlesWithTheirWeights) {
  mvtest::TempDir dir;
  const fs::path lens = dir.write("post.toml",
                                  "name = \"post\"\n[posterior]\norigin = \"test\"\nweights = [0.9, 0.1]\n"
                                  "[posterior.parameters]\nunrest_threshold = [0.51, 0.59]\n"
                                  "hedging_premium = [0.21, 0.44]\n");
  const Scenario sc = load_scenario(mvtest::source_dir() / "scenarios/baseline.toml", {lens});
  ASSERT_TRUE(sc.posterior);
  int first = 0;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    const uint64_t seed = replicate_seed(3, static_cast<uint64_t>(i));
    const ParamValues pv = sample_parameters(sc, seed);
    const ParamValues cal = sample_calibration(sc, seed);
    const bool a = pv[Param::unrest_threshold] == 0.51;
    // Jointly: the two parameters come from the same particle, in both readings.
    EXPECT_EQ(a, pv[Param::hedging_premium] == 0.21);
    EXPECT_EQ(pv[Param::unrest_threshold], cal[Param::unrest_threshold]);
    first += a;
  }
  EXPECT_NEAR(first / static_cast<double>(n), 0.9, 0.02);
  // The resolved scenario carries the sample and loads back to the same draws.
  const fs::path resolved = dir.write("resolved.toml", sc.resolved_toml());
  const Scenario back = load_scenario(resolved);
  for (int i = 0; i < 50; ++i) {
    const uint64_t seed = replicate_seed(3, static_cast<uint64_t>(i));
    EXPECT_EQ(sample_parameters(back, seed).v, sample_parameters(sc, seed).v);
    EXPECT_EQ(sample_calibration(back, seed).v, sample_calibration(sc, seed).v);
  }
}

TEST(Calibration, BadPosteriorTablesAreLocatedErrors) {
  mvtest::TempDir dir;
  auto error_of = [&](const std::string& body) {
    const fs::path lens = dir.write("bad.toml", "name = \"bad\"\n" + body);
    try {
      load_scenario(mvtest::source_dir() / "scenarios/baseline.toml", {lens});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("[posterior]\nweights = [1, -1]\n[posterior.parameters]\nunrest_threshold = [0.5, 0.6]\n")
                .find("bad.toml:3:15"),
            std::string::npos);
  EXPECT_NE(error_of("[posterior]\nweights = [1, 1]\n[posterior.parameters]\nunrest_threshold = [0.5]\n")
                .find("one value per particle"),
            std::string::npos);
  EXPECT_NE(error_of("[posterior]\nweights = [1]\n[posterior.parameters]\nunrest_treshold = [0.5]\n")
                .find("did you mean 'unrest_threshold'"),
            std::string::npos);
  EXPECT_NE(error_of("[posterior]\nweights = [1]\n[posterior.parameters]\nunrest_threshold = [7]\n")
                .find("outside its bounds"),
            std::string::npos);
  EXPECT_NE(error_of("[posterior]\nweights = [0, 0]\n[posterior.parameters]\nunrest_threshold = [0.5, 0.6]\n")
                .find("every particle weight is zero"),
            std::string::npos);
  EXPECT_NE(error_of("[parameters]\nunrest_threshold = { dist = \"posterior\" }\n").find("no [posterior] sample"),
            std::string::npos);
}

TEST(Calibration, FileErrorsNameTheProblem) {
  ModelProblem p(kModelTargets, {96.5, 94.5, 22.5}, "\"unrest_threshold\"", 60);
  auto error_of = [&](const std::string& text) {
    const fs::path f = p.dir.write("c.toml", text);
    try {
      load_calibration(f);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string head = "scenario = \"" + (mvtest::source_dir() / "scenarios/baseline.toml").string() +
                           "\"\nobserved = \"observed\"\nuntil = \"2023-12\"\n";
  const std::string target = "[[targets]]\nvariable = \"russian_route_share\"\nperiods = [\"2022\"]\n";
  // A parameter the scenario fixes has no prior.
  EXPECT_NE(error_of(head + "parameters = [\"oil_exports_mt\"]\n" + target).find("no prior"), std::string::npos);
  // A variable without a model counterpart.
  EXPECT_NE(error_of(head + "parameters = [\"unrest_threshold\"]\n[[targets]]\nvariable = \"russian_route_shar\"\n"
                            "periods = [\"2022\"]\n")
                .find("did you mean 'russian_route_share'"),
            std::string::npos);
  // A period after `until`.
  EXPECT_NE(error_of("scenario = \"" + (mvtest::source_dir() / "scenarios/baseline.toml").string() +
                     "\"\nobserved = \"observed\"\nuntil = \"2022-12\"\nparameters = [\"unrest_threshold\"]\n" + target +
                     "[[targets]]\nvariable = \"russian_route_share\"\nperiods = [\"2023\"]\n")
                .find("not inside the calibration run"),
            std::string::npos);
  // A misspelled [smc] key.
  EXPECT_NE(error_of(head + "parameters = [\"unrest_threshold\"]\n[smc]\nparticle = 10\n" + target)
                .find("did you mean 'particles'"),
            std::string::npos);
  EXPECT_EQ(error_of(head + "parameters = [\"unrest_threshold\"]\n" + target), "no error");
}

TEST(History, ScoresMatchTheirDefinitions) {
  // CRPS of a sample against the double sum it simplifies.
  const std::vector<double> x = {0.3, -1.2, 2.5, 0.3, 1.1};
  const double y = 0.4;
  double a = 0, b = 0;
  for (double xi : x) {
    a += std::abs(xi - y);
    for (double xj : x) b += std::abs(xi - xj);
  }
  const double m = static_cast<double>(x.size());
  EXPECT_NEAR(crps_of_sample(x, y), a / m - b / (2 * m * m), 1e-12);
  // A sample concentrated on the observation scores 0; one farther away scores worse.
  EXPECT_EQ(crps_of_sample(std::vector<double>{2.0, 2.0}, 2.0), 0.0);
  EXPECT_LT(crps_of_sample(std::vector<double>{1.0, 2.0, 3.0}, 2.0), crps_of_sample(std::vector<double>{4.0, 5.0, 6.0}, 2.0));
  // Interval score: the width, plus 2/alpha times the miss.
  EXPECT_DOUBLE_EQ(interval_score(1, 3, 0.1, 2), 2);
  EXPECT_DOUBLE_EQ(interval_score(1, 3, 0.1, 4), 2 + 20);
}

TEST(History, ValidateHistoryWritesHoldoutAndCalibrationScores) {
  mvtest::TempDir dir;
  const fs::path lens = dir.write("post.toml",
                                  "name = \"post\"\n[posterior]\nweights = [1, 1]\n"
                                  "[posterior.parameters]\nrussian_route_share_initial = [0.97, 0.98]\n");
  const auto r = mvtest::run_cli({"validate-history", (mvtest::source_dir() / "scenarios/baseline.toml").string(),
                                  "--posterior", lens.string(), "--runs", "40", "--citizens", "1000", "--out",
                                  (dir.path() / "calibration.md").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string md = mvtest::read_file(dir.path() / "calibration.md");
  EXPECT_NE(md.find("| holdout |"), std::string::npos);
  EXPECT_NE(md.find("| calibration |"), std::string::npos);
  EXPECT_NE(md.find("`csto_member` | 2025"), std::string::npos);  // a holdout row the model predicts
  EXPECT_NE(r.err.find("holdout ("), std::string::npos);
}

TEST(Calibration, TheShippedCalibrationFileLoads) {
  const Calibration c = load_calibration(mvtest::source_dir() / "scenarios/calibration/baseline_2023.toml");
  EXPECT_EQ(c.parameters.size(), 12u);
  EXPECT_EQ(c.targets.size(), 24u);
  for (const auto& t : c.targets) EXPECT_EQ(t.observation.split, "calibration");
  EXPECT_EQ(c.scenario.run.horizon.to_string(), "2023-12");
}
