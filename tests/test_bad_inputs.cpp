// The bad-input corpus: every tests/bad_inputs/NN_*.toml must be rejected by
// `multivector validate` with exit status 2 and exactly the message in NN_*.expected.
// (Files the cases extend live in tests/bad_inputs/support/.)
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cli/commands.h"
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

TEST(BadInputCorpus, HasAtLeastFortyCases) {
  EXPECT_GE(cases().size(), 40u);
}

// The command-line corpus: every tests/bad_inputs/cli/NN_*.args (the arguments, one a line) must
// exit 2 with exactly the stderr in NN_*.expected, nothing on stdout, and nothing written.
namespace {
std::vector<std::string> cli_cases() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(mvtest::source_dir() / "tests/bad_inputs/cli"))
    if (e.path().extension() == ".args") out.push_back(e.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> arguments_of(const std::string& name) {
  const std::string text =
      mvtest::read_file(mvtest::source_dir() / "tests/bad_inputs/cli" / (name + ".args"));
  std::vector<std::string> args;
  for (size_t at = 0; at < text.size();) {
    const size_t eol = text.find('\n', at);
    args.push_back(text.substr(at, eol - at));
    at = eol == std::string::npos ? text.size() : eol + 1;
  }
  return args;
}

/// Every entry below `dir`, hidden ones too.
std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    out.push_back(fs::relative(e.path(), dir).string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}
}  // namespace

class BadCommandLine : public ::testing::TestWithParam<std::string> {};

TEST_P(BadCommandLine, IsRejectedWithItsExactMessageAndWritesNothing) {
  const std::string name = GetParam();
  const fs::path cli = mvtest::source_dir() / "tests/bad_inputs/cli";
  ASSERT_TRUE(fs::exists(cli / (name + ".expected"))) << "no .expected file for " << name;
  mvtest::TempDir work;
  fs::copy(mvtest::source_dir() / "tests/bad_inputs", work.path(), fs::copy_options::recursive);
  const auto before = listing(work.path());
  const auto r = mvtest::run_cli(arguments_of(name), work.path());
  EXPECT_EQ(r.exit_code, 2);
  const std::string err = replace_all(replace_all(r.err, fs::canonical(work.path()).string(), "$DIR"),
                                      work.path().string(), "$DIR");
  EXPECT_EQ(err, mvtest::read_file(cli / (name + ".expected")));
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(listing(work.path()), before);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BadCommandLine, ::testing::ValuesIn(cli_cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(BadCommandLineCorpus, CoversEveryCommandOfTheCommandTable) {
  std::set<std::string> covered;
  for (const auto& c : cli_cases()) covered.insert(arguments_of(c).at(0));
  for (const auto& c : mv::cli::commands())
    EXPECT_TRUE(covered.count(c.name)) << "no bad command line for " << c.name;
}
