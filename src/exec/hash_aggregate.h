#pragma once
// Hash aggregation: per-thread partial states (group key table + one AggregateStates per
// aggregate) combined and finalized. Past the memory budget the input rows are split by a hash
// of the key into partitions on disk, each aggregated alone. The pieces are public for the
// distributed aggregation (exchange.h), which exchanges partial states between ranks.
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/memory_budget.h"
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
  // Set by the first thread that finds the budget exhausted (fresh for each attempt).
  std::shared_ptr<std::atomic<bool>> give_up;
};

struct AggregateLocal {
  GroupKeyTable table;
  std::vector<std::unique_ptr<AggregateStates>> states;
  std::vector<uint32_t> groups;
  MemoryReservation reservation;
  std::shared_ptr<std::atomic<bool>> give_up;
  explicit AggregateLocal(const AggregatePlan& plan)
      : table(plan.key_types), reservation(*plan.budget), give_up(plan.give_up) {
    for (const auto& f : plan.functions) states.push_back(f->CreateStates());
  }
  size_t MemoryBytes() const {
    size_t bytes = table.MemoryBytes() + groups.capacity() * 4;
    for (const auto& s : states) bytes += s->MemoryBytes();
    return bytes;
  }
};

// Thrown out of an in-memory aggregation whose state would pass the memory budget.
struct AggregateSpillNeeded {};

// Aggregates in memory into one set of partial states (the threads' partials combined). With
// `enforce_budget`, throws AggregateSpillNeeded as soon as the partial states would pass the
// memory budget; otherwise they are only accounted.
std::unique_ptr<AggregateLocal> AggregatePartials(const Stream& input, const AggregatePlan& plan,
                                                  bool enforce_budget);

// The result rows of combined partial states. `global_row`: a global aggregate (no keys) has
// one row even over no input.
std::vector<Batch> FinalizeAggregate(AggregateLocal& result, std::shared_ptr<const Schema> schema,
                                     bool global_row);

// The input's key and argument columns split by a hash of the key (under `seed`) into
// kSpillPartitions files, with the plan that aggregates such a file: every group's rows are in
// one partition.
constexpr size_t kSpillPartitions = 16;
struct SpilledRows {
  AggregatePlan plan;
  std::vector<SpillFilePtr> partitions;
};
SpilledRows SpillRowsByKeyHash(const Stream& input, const AggregatePlan& plan, uint64_t seed);

// The whole aggregation in one process, spilling past the budget.
std::vector<Batch> HashAggregate(const Stream& input, const AggregatePlan& plan,
                                 std::shared_ptr<const Schema> schema, int depth = 0,
                                 size_t input_rows = SIZE_MAX);

}  // namespace tally
