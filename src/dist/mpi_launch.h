#pragma once
#include <functional>

namespace tally {

// LaunchedAsMpiRanks() with the environment passed in (`getenv` returns nullptr for a variable
// that is not set), for tests.
bool LaunchedAsMpiRanks(const std::function<const char*(const char*)>& getenv);

}  // namespace tally
