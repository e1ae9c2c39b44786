#pragma once
// "Did you mean ...?": the closest known name to a misspelt one.
#include <string>
#include <vector>

namespace tally {

// The closest of `candidates` to `name` (by edit distance, at most a third of its length), or
// "" when none is close: for "perhaps you meant" hints.
std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace tally
