#pragma once
// Hash aggregation: per-thread partial states (group key table + one AggregateStates per
// aggregate) combined and finalized. The input is read once, whatever the memory: when a
// thread's partial states would pass the memory budget, its groups' partial states go to disk,
// split by a hash of the key into partitions, and the thread starts afresh; at the end each
// partition (all partial states of its groups) is merged and finalized, the partitions in
// parallel, a partition that is still too big splitting again. A global aggregate (no keys) is
// one group: its holistic aggregates (median, count_distinct...) collect their argument values
// in memory or, past the budget, in a spill file, and are computed from those (sorting them
// when spilled), all in the same one scan. The pieces are public for the distributed
// aggregation (exchange.h), which exchanges partial states between ranks.
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "common/memory_budget.h"
#include "dist/byte_buffer.h"
#include "exec/aggregate_function.h"
#include "exec/bound_expr.h"
#include "exec/group_key_table.h"
#include "exec/stream.h"

namespace tally {

struct AggregatePlan {
  std::vector<BoundExprPtr> keys;
  std::vector<BoundExprPtr> args;  // nullptr for count(*)
  std::vector<AggregateFunctionPtr> functions;
  std::vector<DataType> key_types;
  MemoryBudget* budget = &GlobalMemoryBudget();  // the query's
};

struct AggregateLocal {
  GroupKeyTable table;
  std::vector<std::unique_ptr<AggregateStates>> states;
  std::vector<uint32_t> groups;
  MemoryReservation reservation;
  explicit AggregateLocal(const AggregatePlan& plan)
      : table(plan.key_types), reservation(*plan.budget) {
    for (const auto& f : plan.functions) states.push_back(f->CreateStates());
  }
  size_t MemoryBytes() const {
    size_t bytes = table.MemoryBytes() + groups.capacity() * 4;
    for (const auto& s : states) bytes += s->MemoryBytes();
    return bytes;
  }
};

// The partial states of groups on disk, split by a hash of the key (under `seed`) into
// kSpillPartitions files, every group's partials in one partition. Files are made on first use.
constexpr size_t kSpillPartitions = 16;
class PartialSpill {
 public:
  PartialSpill(const AggregatePlan& plan, const QueryContext& context, uint64_t seed)
      : plan_(plan), context_(context), seed_(seed) {}
  // Moves every group of `local` to the partitions and empties it (any thread).
  void Flush(std::unique_ptr<AggregateLocal>& local);
  bool used() const { return !files_.empty(); }
  // Partition p's file (after use; one block per flush that had groups there).
  const SpillFilePtr& file(size_t p) const { return files_[p]; }

 private:
  const AggregatePlan& plan_;
  const QueryContext& context_;
  uint64_t seed_;
  std::mutex mutex_;
  std::vector<SpillFilePtr> files_;
};

// Aggregates the input into one set of partial states (the threads' partials combined). With
// `spill`, a thread whose states would pass the memory budget flushes them there and starts
// afresh; without, the states are only accounted.
std::unique_ptr<AggregateLocal> AggregatePartials(const Stream& input, const AggregatePlan& plan,
                                                  PartialSpill* spill);

// The result rows of combined partial states. `global_row`: a global aggregate (no keys) has
// one row even over no input.
std::vector<Batch> FinalizeAggregate(AggregateLocal& result, std::shared_ptr<const Schema> schema,
                                     bool global_row);

// Partial states of groups as bytes: the group count, their keys (an encoded batch of
// KeySchema(plan)), then each aggregate's states of those groups.
std::shared_ptr<const Schema> KeySchema(const AggregatePlan& plan);
void SerializeGroups(AggregateLocal& partial, const Batch& keys,
                     const std::vector<uint32_t>& groups, std::string* out);
// Merges groups written by SerializeGroups into `result`.
void MergeSerializedGroups(ByteReader& in, const std::shared_ptr<const Schema>& key_schema,
                           AggregateLocal* result);
// Every block of a partition file merged into one set of partial states (in memory).
std::unique_ptr<AggregateLocal> MergePartition(const SpillFile& file, const AggregatePlan& plan);

// The whole aggregation in one process, spilling past the budget.
std::vector<Batch> HashAggregate(const Stream& input, const AggregatePlan& plan,
                                 std::shared_ptr<const Schema> schema);

}  // namespace tally
