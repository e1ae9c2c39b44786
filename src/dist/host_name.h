#pragma once
#include <string>

namespace tally {

// This machine's host name (gethostname), or "localhost" when it cannot be read.
std::string LocalHostName();

}  // namespace tally
