// Runs across processes: `mpirun -np 2 multivector run|sweep ...` writes the same bytes as one
// process (each rank takes a contiguous slice; rank 0 gathers in rank order and writes).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "engine/cluster.h"
#include "test_util.h"

namespace fs = std::filesystem;
using mvtest::read_file;

namespace {

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// mpirun with two ranks; OpenMPI refuses root without these (CI runs as root).
std::string mpirun2() {
  return std::string("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 ") + MV_MPIEXEC +
         " -np 2 --oversubscribe " + MV_BINARY;
}

std::string baseline() {
  return (mvtest::source_dir() / "scenarios/baseline.toml").string();
}

}  // namespace

TEST(Cluster, SlicesCoverEveryIndexOnceInOrder) {
  for (int64_t n : {0, 1, 7, 1000})
    for (int64_t parts : {1, 2, 3, 8}) {
      int64_t next = 0;
      for (int64_t i = 0; i < parts; ++i) {
        const auto s = mv::cluster::slice_of(n, i, parts);
        EXPECT_EQ(s.begin, next);
        EXPECT_LE(s.end - s.begin, n / parts + 1);
        next = s.end;
      }
      EXPECT_EQ(next, n);
    }
}

TEST(Cluster, TwoRanksWriteTheSameBytesAsOneProcess) {
  if (std::string(MV_MPIEXEC).empty()) {
    // No MPI on this machine (scripts/install-deps.sh installs it); the build has none either.
    ASSERT_FALSE(mv::cluster::built_with_mpi());
    GTEST_SKIP() << "built without MPI";
  }
  ASSERT_TRUE(mv::cluster::built_with_mpi()) << "mpiexec was found but the library was built without MPI";
  mvtest::TempDir dir;
  const std::string args = " --runs 30 --citizens 1000 --seed 8 --quiet --out ";
  ASSERT_EQ(shell(std::string(MV_BINARY) + " run " + baseline() + args + (dir.path() / "one").string()), 0);
  ASSERT_EQ(shell(mpirun2() + " run " + baseline() + args + (dir.path() / "two").string()), 0);
  for (const char* f : {"runs.csv", "summary.csv", "timeseries.csv", "scenario.resolved.toml"})
    EXPECT_EQ(read_file(dir.path() / "two" / f), read_file(dir.path() / "one" / f)) << f;
  EXPECT_NE(read_file(dir.path() / "two/manifest.json").find("\"processes\": 2"), std::string::npos);

  const fs::path sweep = dir.write(
      "sw.toml",
      "scenario = \"" + baseline() +
          "\"\ncitizens = 1000\nhorizon = \"2024-12\"\ndesign = \"morris\"\nsamples = 4\nlevels = 4\n"
          "replicates = 3\nwrite_replicates = true\n[factors]\nhedging_premium = { min = 0.1, max = 0.5 }\n"
          "russia_attention = { min = 0.2, max = 0.6 }\nresolve_russia = { min = 0.5, max = 0.9 }\n");
  ASSERT_EQ(shell(std::string(MV_BINARY) + " sweep " + sweep.string() + " --quiet --out " +
                  (dir.path() / "s1").string()),
            0);
  ASSERT_EQ(shell(mpirun2() + " sweep " + sweep.string() + " --quiet --out " + (dir.path() / "s2").string()),
            0);
  for (const char* f : {"points.csv", "replicates.csv", "sensitivity.csv", "sweep.resolved.toml"})
    EXPECT_EQ(read_file(dir.path() / "s2" / f), read_file(dir.path() / "s1" / f)) << f;
  // A bad input stops every rank with one message and exit status 2.
  EXPECT_EQ(shell(mpirun2() + " sweep " + (dir.path() / "missing.toml").string() + " >/dev/null 2>&1"), 2);
}

TEST(Cluster, TwoRanksCalibrateToTheSameBytesAsOneProcess) {
  if (std::string(MV_MPIEXEC).empty()) GTEST_SKIP() << "built without MPI";
  mvtest::TempDir dir;
  fs::create_directories(dir.path() / "observed");
  dir.write("observed/t.csv",
            "variable,period,value,low,high,unit,source_key,split,note\n"
            "russian_route_share,2022,97,97,97,percent,t,calibration,\n"
            "trade_share_china,2023,22.5,22.5,22.5,percent,t,calibration,\n");
  const fs::path file = dir.write(
      "c.toml", "scenario = \"" + baseline() +
                    "\"\nobserved = \"observed\"\ncitizens = 1000\nuntil = \"2023-12\"\n"
                    "parameters = [\"russian_route_share_initial\", \"trade_growth_china\"]\n[smc]\nparticles = 40\n"
                    "max_moves = 3\nmin_acceptance = 0.1\n[[targets]]\nvariable = \"russian_route_share\"\n"
                    "periods = [\"2022\"]\n[[targets]]\nvariable = \"trade_share_china\"\nperiods = [\"2023\"]\n");
  ASSERT_EQ(shell(std::string(MV_BINARY) + " calibrate " + file.string() + " --quiet --out " +
                  (dir.path() / "one").string()),
            0);
  ASSERT_EQ(shell(mpirun2() + " calibrate " + file.string() + " --quiet --out " + (dir.path() / "two").string()), 0);
  for (const char* f : {"posterior.csv", "diagnostics.csv", "targets.csv", "c.toml"})
    EXPECT_EQ(read_file(dir.path() / "two" / f), read_file(dir.path() / "one" / f)) << f;
}
