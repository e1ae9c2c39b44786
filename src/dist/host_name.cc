#include "dist/host_name.h"

#include <unistd.h>

#include <climits>

namespace tally {

std::string LocalHostName() {
#ifdef HOST_NAME_MAX
  char name[HOST_NAME_MAX + 1] = {};
#else
  char name[256] = {};
#endif
  // gethostname does not promise a terminating NUL when the name is truncated, hence the
  // zeroed buffer that is one longer than what it may write.
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

}  // namespace tally
