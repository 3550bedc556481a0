// The bad-input corpus: every tests/bad_inputs/NN_*.toml must be rejected by
// `multivector validate` with exit status 2 and exactly the message in NN_*.expected.
// (Files the cases extend live in tests/bad_inputs/support/.)
#include <gtest/gtest.h>

#include <algorithm>

#include "test_util.h"

namespace fs = std::filesystem;

namespace {
std::vector<std::string> cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(mvtest::source_dir() / "tests/bad_inputs"))
    if (e.path().extension() == ".toml") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

class BadInput : public ::testing::TestWithParam<std::string> {};

TEST_P(BadInput, IsRejectedWithItsExactMessage) {
  const fs::path dir = mvtest::source_dir() / "tests/bad_inputs";
  const std::string name = GetParam();
  ASSERT_TRUE(fs::exists(dir / (name + ".expected"))) << "no .expected file for " << name;
  const auto r = mvtest::run_cli({"validate", name + ".toml"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, mvtest::read_file(dir / (name + ".expected")));
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(BadInputCorpus, HasAtLeastFortyCases) { EXPECT_GE(cases().size(), 40u); }
