#pragma once
// How much memory the large consumers of one tally process (hash tables, sort buffers, cached
// tables) may hold together. Each consumer reserves before it grows and releases when it frees;
// a reservation that would pass the limit fails, and the consumer then spills to disk instead.
// Accounting only: nothing is allocated here. Thread-safe (one atomic counter).
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace tally {

class MemoryBudget {
 public:
  explicit MemoryBudget(size_t limit) : limit_(limit) {}

  size_t limit() const { return limit_.load(std::memory_order_relaxed); }
  void set_limit(size_t limit) { limit_.store(limit, std::memory_order_relaxed); }
  size_t used() const { return used_.load(std::memory_order_relaxed); }

  // Adds `bytes` if the total stays within the limit; false (nothing added) otherwise.
  bool TryReserve(size_t bytes);
  // Adds `bytes` even past the limit (memory that cannot be spilled).
  void ForceReserve(size_t bytes) { used_.fetch_add(bytes, std::memory_order_relaxed); }
  void Release(size_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

 private:
  std::atomic<size_t> limit_;
  std::atomic<size_t> used_{0};
};

// The process-wide budget: --memory-limit, else 60% of the memory this process may use: the
// physical memory, or less when a cgroup (a container, a Slurm job) limits it.
MemoryBudget& GlobalMemoryBudget();
size_t DefaultMemoryLimit();
// The smallest memory limit of the cgroups in `proc_self_cgroup` (the text of
// /proc/self/cgroup) and their parents, read below `sys_fs_cgroup` (cgroup v2 memory.max, v1
// memory.limit_in_bytes); 0 when none is set.
size_t CgroupMemoryLimit(const std::string& proc_self_cgroup,
                         const std::string& sys_fs_cgroup = "/sys/fs/cgroup");

// Parses "512MB", "1GB", "1.5GiB", "100000" (bytes), "64k"; throws UsageError otherwise.
size_t ParseByteSize(const std::string& text);

// Holds a reservation on a budget and releases it when destroyed.
class MemoryReservation {
 public:
  explicit MemoryReservation(MemoryBudget& budget = GlobalMemoryBudget()) : budget_(&budget) {}
  ~MemoryReservation() { Reset(); }
  MemoryReservation(const MemoryReservation&) = delete;
  MemoryReservation& operator=(const MemoryReservation&) = delete;

  size_t bytes() const { return bytes_; }
  // Grows the reservation by `bytes`; false when the budget has no room.
  bool TryGrow(size_t bytes) {
    if (!budget_->TryReserve(bytes)) return false;
    bytes_ += bytes;
    return true;
  }
  void ForceGrow(size_t bytes) {
    budget_->ForceReserve(bytes);
    bytes_ += bytes;
  }
  void Reset() {
    budget_->Release(bytes_);
    bytes_ = 0;
  }

 private:
  MemoryBudget* budget_;
  size_t bytes_ = 0;
};

}  // namespace tally
