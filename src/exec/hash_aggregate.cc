#include "exec/hash_aggregate.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "exec/column_util.h"
#include "exec/materialize.h"
#include "exec/row_hash.h"
#include "exec/sorted_aggregate.h"

namespace tally {
namespace {

// Past this many splits the groups are taken as they come (a few huge groups do not get
// smaller by splitting).
constexpr int kMaxSpillDepth = 4;

uint64_t PartitionSeed(int depth) {
  return 0x7a11e5ULL * static_cast<uint64_t>(depth + 1);
}

// Grows `local`'s reservation to what its states hold; false when the budget has no room (only
// when `enforce`: otherwise the memory is accounted past the limit).
bool Account(AggregateLocal& local, bool enforce) {
  size_t bytes = local.MemoryBytes();
  if (bytes <= local.reservation.bytes()) return true;
  size_t grow = bytes - local.reservation.bytes();
  if (!enforce) {
    local.reservation.ForceGrow(grow);
    return true;
  }
  return local.reservation.TryGrow(grow);
}

}  // namespace

std::shared_ptr<const Schema> KeySchema(const AggregatePlan& plan) {
  std::vector<Field> fields;
  for (size_t k = 0; k < plan.key_types.size(); ++k)
    fields.push_back({"k" + std::to_string(k), plan.key_types[k]});
  return std::make_shared<const Schema>(fields);
}

void SerializeGroups(AggregateLocal& partial, const Batch& keys,
                     const std::vector<uint32_t>& groups, std::string* out) {
  PutValue<uint64_t>(out, groups.size());
  if (groups.empty()) return;
  PutString(out, EncodeBatch(TakeBatch(keys, groups)));
  for (auto& s : partial.states) {
    s->Resize(partial.table.num_groups());
    s->Serialize(groups.data(), groups.size(), out);
  }
}

void MergeSerializedGroups(ByteReader& in, const std::shared_ptr<const Schema>& key_schema,
                           AggregateLocal* result) {
  size_t n = in.Get<uint64_t>();
  if (n == 0) return;
  std::vector<uint32_t> ids(n);
  Batch keys = DecodeBatch(std::string(in.GetString()), key_schema);
  std::vector<const Column*> key_columns;
  for (const auto& c : keys.columns) key_columns.push_back(c.get());
  result->table.FindOrInsert(key_columns, n, ids.data());
  for (auto& s : result->states) {
    s->Resize(result->table.num_groups());
    s->MergeSerialized(in, ids.data(), n);
  }
}

void PartialSpill::Flush(std::unique_ptr<AggregateLocal>& local) {
  size_t groups = local->table.num_groups();
  if (groups > 0) {
    auto key_schema = KeySchema(plan_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (files_.empty())
        for (size_t p = 0; p < kSpillPartitions; ++p)
          files_.push_back(std::make_shared<SpillFile>(key_schema, context_.spill_temp_dir()));
    }
    Batch keys;
    keys.schema = key_schema;
    keys.num_rows = groups;
    keys.columns = local->table.KeyColumns();
    std::vector<const Column*> columns;
    for (const auto& c : keys.columns) columns.push_back(c.get());
    std::vector<uint64_t> hashes(groups);
    HashRows(columns, groups, seed_, hashes.data());
    std::vector<std::vector<uint32_t>> parts(kSpillPartitions);
    for (size_t g = 0; g < groups; ++g) parts[hashes[g] >> 60].push_back(static_cast<uint32_t>(g));
    for (size_t p = 0; p < kSpillPartitions; ++p) {
      if (parts[p].empty()) continue;
      std::string raw;
      SerializeGroups(*local, keys, parts[p], &raw);
      files_[p]->AppendEncoded(CompressBlock(raw));
    }
  }
  local = std::make_unique<AggregateLocal>(plan_);  // frees the states and their reservation
}

std::unique_ptr<AggregateLocal> AggregatePartials(const Stream& input, const AggregatePlan& plan,
                                                  PartialSpill* spill) {
  tbb::enumerable_thread_specific<std::unique_ptr<AggregateLocal>> locals;
  input.run([&](Batch&& b, size_t) {
    auto& local = locals.local();
    if (!local) local = std::make_unique<AggregateLocal>(plan);
    if (b.num_rows == 0) return;
    if (plan.keys.empty()) {
      // No keys: every row is in the one group, which needs no hash lookup (the group ids stay
      // all zero; the vector only grows).
      if (local->table.num_groups() == 0) {
        uint32_t group;
        local->table.FindOrInsert({}, 1, &group);
      }
      if (local->groups.size() < b.num_rows) local->groups.resize(b.num_rows, 0);
    } else {
      std::vector<ColumnPtr> key_columns;
      std::vector<const Column*> keys;
      for (const auto& k : plan.keys) key_columns.push_back(k->EvaluateColumn(b));
      for (const auto& c : key_columns) keys.push_back(c.get());
      local->groups.resize(b.num_rows);
      local->table.FindOrInsert(keys, b.num_rows, local->groups.data());
    }
    for (size_t a = 0; a < plan.functions.size(); ++a) {
      local->states[a]->Resize(local->table.num_groups());
      ColumnPtr arg = plan.args[a] ? plan.args[a]->EvaluateColumn(b) : nullptr;
      local->states[a]->Update(arg.get(), local->groups.data(), b.num_rows);
    }
    if (!Account(*local, spill != nullptr)) spill->Flush(local);
  });
  std::vector<std::unique_ptr<AggregateLocal>> partials;
  for (auto& local : locals)
    if (local) partials.push_back(std::move(local));
  if (spill && spill->used()) {
    // Some groups are on disk already: the rest join them there.
    for (auto& local : partials) spill->Flush(local);
    return nullptr;
  }
  // The partials are combined into the one with the most groups, which keeps its groups in
  // place: merging (serial) costs only the other threads' groups.
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
  Account(result, false);
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

std::unique_ptr<AggregateLocal> MergePartition(const SpillFile& file, const AggregatePlan& plan) {
  auto result = std::make_unique<AggregateLocal>(plan);
  auto key_schema = KeySchema(plan);
  for (size_t i = 0; i < file.num_blocks(); ++i) {
    std::string raw = DecompressBlock(file.ReadEncoded(i));
    ByteReader in(raw);
    MergeSerializedGroups(in, key_schema, result.get());
    Account(*result, false);
  }
  return result;
}

namespace {

std::vector<Batch> FinalizePartitions(const PartialSpill& spill, const AggregatePlan& plan,
                                      const std::shared_ptr<const Schema>& schema,
                                      const QueryContext& context, int depth);

// One partition's partial states merged and finalized; split again (by another hash) when they
// pass the budget.
std::vector<Batch> FinalizePartition(const SpillFile& file, const AggregatePlan& plan,
                                     const std::shared_ptr<const Schema>& schema,
                                     const QueryContext& context, int depth) {
  bool can_split = depth < kMaxSpillDepth;
  PartialSpill again(plan, context, PartitionSeed(depth));
  auto merged = std::make_unique<AggregateLocal>(plan);
  auto key_schema = KeySchema(plan);
  for (size_t i = 0; i < file.num_blocks(); ++i) {
    context.ThrowIfCancelled();
    std::string raw = DecompressBlock(file.ReadEncoded(i));
    ByteReader in(raw);
    MergeSerializedGroups(in, key_schema, merged.get());
    if (!Account(*merged, can_split)) again.Flush(merged);
  }
  if (!again.used()) return FinalizeAggregate(*merged, schema, false);
  again.Flush(merged);
  return FinalizePartitions(again, plan, schema, context, depth + 1);
}

// The partitions are merged in parallel, each alone (its groups are in no other).
std::vector<Batch> FinalizePartitions(const PartialSpill& spill, const AggregatePlan& plan,
                                      const std::shared_ptr<const Schema>& schema,
                                      const QueryContext& context, int depth) {
  std::vector<std::vector<Batch>> parts(kSpillPartitions);
  tbb::parallel_for(size_t{0}, kSpillPartitions, [&](size_t p) {
    const SpillFile& file = *spill.file(p);
    if (file.num_blocks() > 0) parts[p] = FinalizePartition(file, plan, schema, context, depth);
  });
  std::vector<Batch> out;
  for (auto& part : parts)
    for (auto& b : part) out.push_back(std::move(b));
  return out;
}

// A stream over a source's batches, of the query of `context`.
Stream SourceStream(DataSourcePtr source, QueryContextPtr context) {
  std::vector<int> columns;
  for (size_t i = 0; i < source->schema()->size(); ++i) columns.push_back(static_cast<int>(i));
  return {source->schema(),
          [source, columns](const BatchConsumer& consumer) {
            source->Scan(columns, nullptr, consumer);
          },
          false, std::move(context)};
}

// A global aggregate in one scan: the holistic aggregates collect their argument values (in
// memory within the budget, else in a spill file) while the others aggregate as rows come;
// each holistic one is then computed from its values, in memory, or by sorting them when they
// were spilled.
std::vector<Batch> GlobalAggregate(const Stream& input, const AggregatePlan& plan,
                                   std::shared_ptr<const Schema> schema) {
  AggregatePlan small = plan;
  small.args.clear();
  small.functions.clear();
  std::vector<size_t> small_index, holistic_index;
  for (size_t a = 0; a < plan.functions.size(); ++a) {
    if (IsHolistic(*plan.functions[a]) && plan.args[a]) {
      holistic_index.push_back(a);
      continue;
    }
    small.args.push_back(plan.args[a]);
    small.functions.push_back(plan.functions[a]);
    small_index.push_back(a);
  }
  std::vector<std::unique_ptr<BatchCollector>> values;
  std::vector<std::shared_ptr<const Schema>> value_schemas;
  for (size_t a : holistic_index) {
    value_schemas.push_back(
        std::make_shared<const Schema>(std::vector<Field>{{"v", plan.args[a]->type()}}));
    values.push_back(std::make_unique<BatchCollector>(value_schemas.back(), input.context));
  }
  Stream tee{input.schema,
             [&](const BatchConsumer& consumer) {
               input.run([&](Batch&& b, size_t seq) {
                 for (size_t h = 0; h < holistic_index.size(); ++h) {
                   Batch v;
                   v.schema = value_schemas[h];
                   v.num_rows = b.num_rows;
                   v.columns = {plan.args[holistic_index[h]]->EvaluateColumn(b)};
                   values[h]->Add(std::move(v), seq);
                 }
                 consumer(std::move(b), seq);
               });
             },
             false, input.context};
  auto partial = AggregatePartials(tee, small, nullptr);
  Batch row;
  row.schema = schema;
  row.num_rows = 1;
  row.columns.resize(plan.functions.size());
  std::vector<Field> small_fields;
  for (size_t a : small_index) small_fields.push_back(schema->field(a));
  Batch small_row =
      FinalizeAggregate(*partial, std::make_shared<const Schema>(small_fields), true).front();
  partial.reset();
  for (size_t i = 0; i < small_index.size(); ++i)
    row.columns[small_index[i]] = small_row.columns[i];
  for (size_t h = 0; h < holistic_index.size(); ++h) {
    size_t a = holistic_index[h];
    bool spilled = values[h]->spilled();
    Stream stream = SourceStream(values[h]->Finish(), input.context);
    values[h].reset();
    BoundExprPtr v = Bind(*MakeColumnRef("v"), *value_schemas[h]);
    if (spilled) {
      row.columns[a] = HolisticBySorting(stream, *v, *plan.functions[a]);
      continue;
    }
    AggregatePlan one = small;
    one.args = {v};
    one.functions = {plan.functions[a]};
    auto state = AggregatePartials(stream, one, nullptr);
    row.columns[a] = FinalizeAggregate(*state, nullptr, true).front().columns[0];
  }
  return {row};
}

}  // namespace

std::vector<Batch> HashAggregate(const Stream& input, const AggregatePlan& plan,
                                 std::shared_ptr<const Schema> schema) {
  if (plan.keys.empty()) return GlobalAggregate(input, plan, std::move(schema));
  const QueryContext& context = ContextOf(input);
  PartialSpill spill(plan, context, PartitionSeed(0));
  auto result = AggregatePartials(input, plan, &spill);
  if (result) return FinalizeAggregate(*result, std::move(schema), false);
  return FinalizePartitions(spill, plan, schema, context, 1);
}

}  // namespace tally
