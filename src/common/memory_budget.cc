#include "common/memory_budget.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "common/error.h"

namespace tally {

bool MemoryBudget::TryReserve(size_t bytes) {
  size_t used = used_.load(std::memory_order_relaxed);
  size_t limit = limit_.load(std::memory_order_relaxed);
  do {
    if (used + bytes > limit) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
  return true;
}

namespace {

// A limit file's value; 0 for "max", unreadable files and values meaning "no limit".
size_t ReadLimitFile(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return 0;
  char* end = nullptr;
  unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (!end || *end != '\0' || value == 0 || value >= (1ULL << 62)) return 0;
  return static_cast<size_t>(value);
}

}  // namespace

size_t CgroupMemoryLimit(const std::string& proc_self_cgroup, const std::string& sys_fs_cgroup) {
  size_t limit = 0;
  auto consider = [&](size_t value) {
    if (value > 0 && (limit == 0 || value < limit)) limit = value;
  };
  std::istringstream lines(proc_self_cgroup);
  std::string line;
  while (std::getline(lines, line)) {
    // HIERARCHY:CONTROLLERS:PATH; v2 is "0::PATH", v1 lists "memory" among its controllers.
    size_t first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    std::string controllers = line.substr(first + 1, second - first - 1);
    std::string path = line.substr(second + 1);
    bool v2 = line.substr(0, first) == "0" && controllers.empty();
    bool v1 = ("," + controllers + ",").find(",memory,") != std::string::npos;
    if (!v2 && !v1) continue;
    std::vector<std::string> roots =
        v2 ? std::vector<std::string>{sys_fs_cgroup, sys_fs_cgroup + "/unified"}
           : std::vector<std::string>{sys_fs_cgroup + "/memory"};
    const char* file = v2 ? "/memory.max" : "/memory.limit_in_bytes";
    for (const std::string& root : roots) {
      // The cgroup and each parent: a parent's limit holds for its children too. In a
      // container the cgroup's own directory is often mounted as the root.
      std::string p = path;
      while (true) {
        consider(ReadLimitFile(root + (p == "/" ? "" : p) + file));
        if (p.empty() || p == "/") break;
        size_t slash = p.rfind('/');
        p = slash == 0 || slash == std::string::npos ? "/" : p.substr(0, slash);
      }
    }
  }
  return limit;
}

size_t DefaultMemoryLimit() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGESIZE);
  double memory = pages > 0 && page_size > 0
                      ? static_cast<double>(pages) * static_cast<double>(page_size)
                      : static_cast<double>(size_t{4} << 30) / 0.6;
  std::ifstream cgroup_file("/proc/self/cgroup");
  std::string cgroups((std::istreambuf_iterator<char>(cgroup_file)),
                      std::istreambuf_iterator<char>());
  size_t cgroup = CgroupMemoryLimit(cgroups);
  if (cgroup > 0) memory = std::min(memory, static_cast<double>(cgroup));
  // The rest is left to the operating system, the page cache and untracked small allocations.
  return static_cast<size_t>(memory * 0.6);
}

MemoryBudget& GlobalMemoryBudget() {
  static MemoryBudget budget(DefaultMemoryLimit());
  return budget;
}

size_t ParseByteSize(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  std::string number = text.substr(0, i), unit;
  for (size_t j = i; j < text.size(); ++j)
    if (!std::isspace(static_cast<unsigned char>(text[j])))
      unit += static_cast<char>(std::toupper(static_cast<unsigned char>(text[j])));
  double multiplier = -1;
  if (unit.empty() || unit == "B") multiplier = 1;
  if (unit == "K" || unit == "KB" || unit == "KIB") multiplier = 1024.0;
  if (unit == "M" || unit == "MB" || unit == "MIB") multiplier = 1024.0 * 1024;
  if (unit == "G" || unit == "GB" || unit == "GIB") multiplier = 1024.0 * 1024 * 1024;
  if (unit == "T" || unit == "TB" || unit == "TIB") multiplier = 1024.0 * 1024 * 1024 * 1024;
  char* end = nullptr;
  double value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  if (multiplier < 0 || value < 0 || !end || *end != '\0' || !std::isfinite(value))
    throw UsageError(fmt::format("invalid size '{}' (expected e.g. 512MB, 1GB)", text));
  // Converting a double past the range of size_t is undefined (it wrapped to a tiny limit).
  double bytes = value * multiplier;
  if (bytes >= 18446744073709551616.0)
    throw UsageError(fmt::format("size '{}' is too large (at most 16 EiB)", text));
  return static_cast<size_t>(bytes);
}

}  // namespace tally
