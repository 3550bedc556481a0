// Every lesson in docs/teaching/ runs: its ```bash blocks are executed in a scratch directory
// (with the repository's scenarios/ beside them and multivector on the PATH) and must succeed.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

#include "test_util.h"

namespace fs = std::filesystem;

namespace {
std::vector<std::string> lessons() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(mvtest::source_dir() / "docs/teaching"))
    if (e.path().extension() == ".md" && e.path().filename() != "README.md") out.push_back(e.path().stem().string());
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
