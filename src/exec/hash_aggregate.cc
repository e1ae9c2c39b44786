#include "exec/hash_aggregate.h"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>

#include "exec/column_util.h"
#include "exec/row_hash.h"
#include "exec/sorted_aggregate.h"

namespace tally {

std::unique_ptr<AggregateLocal> AggregatePartials(const Stream& input, const AggregatePlan& plan,
                                                  bool enforce_budget) {
  tbb::enumerable_thread_specific<std::unique_ptr<AggregateLocal>> locals;
  input.run([&](Batch&& b, size_t) {
    auto& local = locals.local();
    if (!local) local = std::make_unique<AggregateLocal>(plan);
    if (b.num_rows == 0) return;
    // Another thread found the budget exhausted: stop early.
    if (enforce_budget && local->give_up->load(std::memory_order_relaxed))
      throw AggregateSpillNeeded{};
    std::vector<ColumnPtr> key_columns;
    std::vector<const Column*> keys;
    for (const auto& k : plan.keys) key_columns.push_back(k->EvaluateColumn(b));
    for (const auto& c : key_columns) keys.push_back(c.get());
    local->groups.resize(b.num_rows);
    local->table.FindOrInsert(keys, b.num_rows, local->groups.data());
    for (size_t a = 0; a < plan.functions.size(); ++a) {
      local->states[a]->Resize(local->table.num_groups());
      ColumnPtr arg = plan.args[a] ? plan.args[a]->EvaluateColumn(b) : nullptr;
      local->states[a]->Update(arg.get(), local->groups.data(), b.num_rows);
    }
    size_t bytes = local->MemoryBytes();
    if (bytes > local->reservation.bytes()) {
      size_t grow = bytes - local->reservation.bytes();
      if (!enforce_budget) {
        local->reservation.ForceGrow(grow);
      } else if (!local->reservation.TryGrow(grow)) {
        local->give_up->store(true, std::memory_order_relaxed);
        throw AggregateSpillNeeded{};
      }
    }
  });
  // The partials are combined into the one with the most groups, which keeps its groups in
  // place: merging (serial) costs only the other threads' groups.
  std::vector<std::unique_ptr<AggregateLocal>> partials;
  for (auto& local : locals)
    if (local) partials.push_back(std::move(local));
  std::sort(partials.begin(), partials.end(), [](const auto& a, const auto& b) {
    return a->table.num_groups() > b->table.num_groups();
  });
  if (partials.empty()) partials.push_back(std::make_unique<AggregateLocal>(plan));
  AggregateLocal& result = *partials[0];
  for (size_t a = 0; a < plan.functions.size(); ++a)
    result.states[a]->Resize(result.table.num_groups());
  for (size_t p = 1; p < partials.size(); ++p) {
    AggregateLocal* local = partials[p].get();
    std::vector<uint32_t> map = result.table.Merge(local->table);
    for (size_t a = 0; a < plan.functions.size(); ++a) {
      result.states[a]->Resize(result.table.num_groups());
      local->states[a]->Resize(local->table.num_groups());
      result.states[a]->Combine(*local->states[a], map.data());
    }
  }
  return std::move(partials[0]);
}

std::vector<Batch> FinalizeAggregate(AggregateLocal& result, std::shared_ptr<const Schema> schema,
                                     bool global_row) {
  if (global_row && result.table.num_groups() == 0) {
    uint32_t g;
    result.table.FindOrInsert({}, 1, &g);
  }
  Batch out;
  out.schema = schema;
  out.num_rows = result.table.num_groups();
  out.columns = result.table.KeyColumns();
  for (auto& s : result.states) {
    s->Resize(out.num_rows);
    out.columns.push_back(s->Finalize());
  }
  return SplitBatch(out, 16384);
}

namespace {

std::vector<Batch> HashAggregateInMemory(const Stream& input, const AggregatePlan& plan,
                                         std::shared_ptr<const Schema> schema,
                                         bool enforce_budget) {
  auto result = AggregatePartials(input, plan, enforce_budget);
  return FinalizeAggregate(*result, std::move(schema), plan.keys.empty());
}

}  // namespace

// Spilling aggregation: the rows (key and argument values) are split by a hash of the key
// into partitions on disk, then each partition, holding all rows of its groups, is aggregated
// in turn (itself spilling again, with another hash, when still too big).
constexpr int kMaxSpillDepth = 4;

SpilledRows SpillRowsByKeyHash(const Stream& input, const AggregatePlan& plan, uint64_t seed) {
  // The spilled rows: key columns k0.., then the argument of each aggregate that has one.
  std::vector<Field> fields;
  SpilledRows spilled;
  AggregatePlan& sub = spilled.plan;
  sub.functions = plan.functions;
  sub.key_types = plan.key_types;
  for (size_t k = 0; k < plan.keys.size(); ++k)
    fields.push_back({"k" + std::to_string(k), plan.key_types[k]});
  for (size_t a = 0; a < plan.args.size(); ++a)
    if (plan.args[a]) fields.push_back({"a" + std::to_string(a), plan.args[a]->type()});
  auto spill_schema = std::make_shared<const Schema>(fields);
  for (size_t k = 0; k < plan.keys.size(); ++k)
    sub.keys.push_back(Bind(*MakeColumnRef("k" + std::to_string(k)), *spill_schema));
  for (size_t a = 0; a < plan.args.size(); ++a)
    sub.args.push_back(plan.args[a] ? Bind(*MakeColumnRef("a" + std::to_string(a)), *spill_schema)
                                    : nullptr);
  std::vector<SpillFilePtr>& files = spilled.partitions;
  for (size_t p = 0; p < kSpillPartitions; ++p)
    files.push_back(std::make_shared<SpillFile>(spill_schema, ContextOf(input).spill_temp_dir()));
  input.run([&](Batch&& b, size_t) {
    if (b.num_rows == 0) return;
    Batch rows;
    rows.schema = spill_schema;
    rows.num_rows = b.num_rows;
    for (const auto& k : plan.keys) rows.columns.push_back(k->EvaluateColumn(b));
    for (const auto& a : plan.args)
      if (a) rows.columns.push_back(a->EvaluateColumn(b));
    std::vector<const Column*> keys;
    for (size_t k = 0; k < plan.keys.size(); ++k) keys.push_back(rows.columns[k].get());
    std::vector<uint64_t> hashes(b.num_rows);
    HashRows(keys, b.num_rows, seed, hashes.data());
    std::vector<std::vector<uint32_t>> parts(kSpillPartitions);
    for (size_t i = 0; i < b.num_rows; ++i)
      parts[hashes[i] >> 60].push_back(static_cast<uint32_t>(i));
    for (size_t p = 0; p < kSpillPartitions; ++p)
      if (!parts[p].empty()) files[p]->Append(TakeBatch(rows, parts[p]));
  });
  return spilled;
}

namespace {

std::vector<Batch> HashAggregatePartitioned(const Stream& input, const AggregatePlan& plan,
                                            std::shared_ptr<const Schema> schema, int depth) {
  SpilledRows spilled =
      SpillRowsByKeyHash(input, plan, 0x7a11e5ULL * static_cast<uint64_t>(depth + 1));
  std::vector<Batch> out;
  for (size_t p = 0; p < kSpillPartitions; ++p) {
    SpillFilePtr file = std::move(spilled.partitions[p]);
    if (file->num_blocks() == 0) continue;
    for (auto& batch : HashAggregate(SpillFileStream(file, input.context), spilled.plan, schema,
                                     depth + 1, file->num_rows()))
      out.push_back(std::move(batch));
  }
  return out;
}

}  // namespace

namespace {

// One row: the holistic aggregates each by sorting its values (one pass over the input each),
// the others together in one in-memory pass.
std::vector<Batch> GlobalAggregateBySorting(const Stream& input, const AggregatePlan& plan,
                                            std::shared_ptr<const Schema> schema) {
  AggregatePlan small;
  std::vector<size_t> small_index;
  for (size_t a = 0; a < plan.functions.size(); ++a) {
    if (IsHolistic(*plan.functions[a])) continue;
    small.args.push_back(plan.args[a]);
    small.functions.push_back(plan.functions[a]);
    small_index.push_back(a);
  }
  Batch row;
  row.schema = schema;
  row.num_rows = 1;
  row.columns.resize(plan.functions.size());
  if (!small.functions.empty()) {
    auto partial = AggregatePartials(input, small, false);
    std::vector<Field> fields;
    for (size_t i = 0; i < small_index.size(); ++i) fields.push_back(schema->field(small_index[i]));
    Batch values =
        FinalizeAggregate(*partial, std::make_shared<const Schema>(fields), true).front();
    for (size_t i = 0; i < small_index.size(); ++i) row.columns[small_index[i]] = values.columns[i];
  }
  for (size_t a = 0; a < plan.functions.size(); ++a)
    if (IsHolistic(*plan.functions[a]))
      row.columns[a] = HolisticBySorting(input, *plan.args[a], *plan.functions[a]);
  return {row};
}

}  // namespace

std::vector<Batch> HashAggregate(const Stream& input, const AggregatePlan& plan,
                                 std::shared_ptr<const Schema> schema, int depth,
                                 size_t input_rows) {
  AggregatePlan attempt = plan;
  attempt.give_up = std::make_shared<std::atomic<bool>>(false);
  // A global aggregate has one group: holistic states that pass the budget are computed by
  // sorting their values instead; the others are a few bytes whatever the input.
  if (plan.keys.empty()) {
    bool holistic = std::any_of(plan.functions.begin(), plan.functions.end(),
                                [](const auto& f) { return IsHolistic(*f); });
    if (holistic) {
      try {
        return HashAggregateInMemory(input, attempt, schema, true);
      } catch (const AggregateSpillNeeded&) {
      }
      return GlobalAggregateBySorting(input, plan, schema);
    }
    return HashAggregateInMemory(input, attempt, schema, false);
  }
  // Past the deepest split the groups are taken as they come (a few huge groups do not get
  // smaller by splitting); and a partition of at most one morsel is aggregated in memory
  // whatever the budget (its tables' fixed sizes can pass a tiny budget, and splitting it
  // further would only multiply files).
  bool can_spill = depth < kMaxSpillDepth && input_rows > kDefaultBatchRows;
  if (can_spill) {
    try {
      return HashAggregateInMemory(input, attempt, schema, true);
    } catch (const AggregateSpillNeeded&) {
    }
    return HashAggregatePartitioned(input, plan, schema, depth);
  }
  return HashAggregateInMemory(input, attempt, schema, false);
}

}  // namespace tally
