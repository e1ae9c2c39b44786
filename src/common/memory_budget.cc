#include "common/memory_budget.h"

#include <unistd.h>

#include <cctype>
#include <cmath>

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

size_t DefaultMemoryLimit() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return size_t{4} << 30;
  // The rest is left to the operating system, the page cache and untracked small allocations.
  return static_cast<size_t>(static_cast<double>(pages) * static_cast<double>(page_size) * 0.6);
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
