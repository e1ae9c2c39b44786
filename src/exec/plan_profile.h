#pragma once
// What EXPLAIN ANALYZE measures per plan operator while a query runs: the rows it produced and
// the wall time of its run. Operators push batches up to the operators they feed, so an
// operator's time includes its inputs' and, within a pipeline, the work of the operators
// above it that its batches drive (as PostgreSQL's actual time includes a node's children).
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace tally {

struct OperatorProfile {
  std::atomic<uint64_t> rows{0};
  std::atomic<int64_t> nanoseconds{0};
  std::atomic<uint32_t> runs{0};
  bool sharded = false;  // in a distributed run, each rank produced its own part of the rows
  const char* distribution = "";  // how a join met its inputs across ranks (broadcast, shuffle)
};

class PlanProfile {
 public:
  // The counters of plan node `node` (made on first use; they live as long as the profile).
  OperatorProfile& For(const void* node) {
    std::lock_guard lock(mutex_);
    auto& slot = operators_[node];
    if (!slot) slot = std::make_unique<OperatorProfile>();
    return *slot;
  }
  // Null when the node never ran (an operator can absorb the one below it: top-N a sort).
  const OperatorProfile* Find(const void* node) const {
    std::lock_guard lock(mutex_);
    auto found = operators_.find(node);
    return found == operators_.end() ? nullptr : found->second.get();
  }

 private:
  mutable std::mutex mutex_;
  std::map<const void*, std::unique_ptr<OperatorProfile>> operators_;
};

}  // namespace tally
