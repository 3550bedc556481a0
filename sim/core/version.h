#pragma once
#include "git_commit.h"  // generated at build time (cmake/git_commit.cmake)

namespace mv {
inline constexpr const char* kVersion = MV_VERSION;
inline constexpr const char* kGitCommit = MV_GIT_COMMIT;
}  // namespace mv
