#include "exec/hash_join.h"

#include <algorithm>
#include <mutex>

#include "common/memory_budget.h"
#include "exec/column_util.h"
#include "exec/group_key_table.h"
#include "exec/hash_aggregate.h"
#include "exec/row_hash.h"

namespace tally {
namespace {

// The build side: its rows, a table of its distinct keys, and the rows of each key.
struct JoinTable {
  Batch right;
  std::unique_ptr<GroupKeyTable> keys;
  std::vector<uint32_t> offsets, rows;  // rows of key g: rows[offsets[g] .. offsets[g+1])
};

std::vector<ColumnPtr> EvaluateKeys(const std::vector<BoundExprPtr>& keys, const Batch& batch,
                                    std::vector<const Column*>* pointers) {
  std::vector<ColumnPtr> columns;
  for (const auto& k : keys) columns.push_back(k->EvaluateColumn(batch));
  for (const auto& c : columns) pointers->push_back(c.get());
  return columns;
}

std::unique_ptr<JoinTable> BuildTable(Batch right, const JoinSpec& spec) {
  auto build = std::make_unique<JoinTable>();
  build->right = std::move(right);
  build->keys = std::make_unique<GroupKeyTable>(spec.key_types);
  size_t n = build->right.num_rows;
  std::vector<uint32_t> groups(n);
  std::vector<const Column*> pointers;
  auto alive = EvaluateKeys(spec.right_keys, build->right, &pointers);
  build->keys->FindOrInsert(pointers, n, groups.data());
  size_t distinct = build->keys->num_groups();
  build->offsets.assign(distinct + 1, 0);
  for (uint32_t g : groups) ++build->offsets[g + 1];
  for (size_t g = 0; g < distinct; ++g) build->offsets[g + 1] += build->offsets[g];
  build->rows.resize(n);
  std::vector<uint32_t> fill(build->offsets.begin(), build->offsets.end() - 1);
  for (size_t r = 0; r < n; ++r) build->rows[fill[groups[r]]++] = static_cast<uint32_t>(r);
  return build;
}

Batch Probe(const JoinTable& build, const Batch& b, const JoinSpec& spec) {
  std::vector<const Column*> pointers;
  auto alive = EvaluateKeys(spec.left_keys, b, &pointers);
  std::vector<uint32_t> match(b.num_rows);
  build.keys->Find(pointers, b.num_rows, match.data());
  std::vector<uint32_t> li, ri;
  li.reserve(b.num_rows);
  ri.reserve(b.num_rows);
  for (size_t i = 0; i < b.num_rows; ++i) {
    uint32_t g = match[i];
    if (g == kNoRow) {
      if (spec.left_join) {
        li.push_back(static_cast<uint32_t>(i));
        ri.push_back(kNoRow);
      }
      continue;
    }
    for (uint32_t k = build.offsets[g]; k < build.offsets[g + 1]; ++k) {
      li.push_back(static_cast<uint32_t>(i));
      ri.push_back(build.rows[k]);
    }
  }
  Batch out;
  out.schema = spec.schema;
  out.num_rows = li.size();
  auto left_column = [&](int c) { return *b.columns[static_cast<size_t>(c)]; };
  for (int c : spec.left_key_columns)
    out.columns.push_back(GatherRows(left_column(c), li.data(), li.size()));
  for (int c : spec.left_columns)
    out.columns.push_back(GatherRows(left_column(c), li.data(), li.size()));
  for (int c : spec.right_columns)
    out.columns.push_back(
        GatherRows(*build.right.columns[static_cast<size_t>(c)], ri.data(), ri.size()));
  return out;
}

// Appends the rows of `b` to the partition files by a hash of its keys.
constexpr uint64_t kJoinPartitionSeed = 0x9a1e'70b5ULL;

void AppendByKeyHash(const Batch& b, const std::vector<BoundExprPtr>& keys,
                     std::vector<SpillFilePtr>& partitions) {
  std::vector<const Column*> pointers;
  auto alive = EvaluateKeys(keys, b, &pointers);
  std::vector<uint64_t> hashes(b.num_rows);
  HashRows(pointers, b.num_rows, kJoinPartitionSeed, hashes.data());
  std::vector<std::vector<uint32_t>> rows(partitions.size());
  for (size_t i = 0; i < b.num_rows; ++i) rows[hashes[i] >> 60].push_back(static_cast<uint32_t>(i));
  for (size_t p = 0; p < partitions.size(); ++p)
    if (!rows[p].empty()) partitions[p]->Append(TakeBatch(b, rows[p]));
}

std::vector<SpillFilePtr> MakePartitions(const std::shared_ptr<const Schema>& schema,
                                         const QueryContext& context) {
  std::vector<SpillFilePtr> partitions;
  for (size_t p = 0; p < kSpillPartitions; ++p)
    partitions.push_back(std::make_shared<SpillFile>(schema, context.spill_temp_dir()));
  return partitions;
}

Batch ReadAll(const SpillFile& file) {
  std::vector<Batch> blocks;
  for (size_t i = 0; i < file.num_blocks(); ++i) blocks.push_back(file.ReadBlock(i));
  Batch all = ConcatBatches(blocks, file.schema());
  all.schema = file.schema();
  return all;
}

}  // namespace

void HashJoin(const Stream& left, const Stream& right, const JoinSpec& spec,
              const BatchConsumer& consumer) {
  // Collect the build side within the budget (its rows and about as much again for the
  // table); past it, move what was collected and everything after into partitions.
  std::mutex mutex;
  std::vector<std::pair<size_t, Batch>> pending;
  std::vector<SpillFilePtr> right_partitions;
  QueryContext& context = ContextOf(left);
  MemoryReservation reservation(context.budget());
  right.run([&](Batch&& b, size_t seq) {
    if (b.num_rows == 0) return;
    b.schema = right.schema;
    std::lock_guard<std::mutex> lock(mutex);
    if (right_partitions.empty()) {
      if (reservation.TryGrow(2 * b.MemoryBytes())) {
        pending.emplace_back(seq, std::move(b));
        return;
      }
      right_partitions = MakePartitions(right.schema, context);
      for (const auto& [s, kept] : pending)
        AppendByKeyHash(kept, spec.right_keys, right_partitions);
      pending.clear();
      reservation.Reset();
    }
    AppendByKeyHash(b, spec.right_keys, right_partitions);
  });

  if (right_partitions.empty()) {
    std::sort(pending.begin(), pending.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Batch> batches;
    for (auto& p : pending) batches.push_back(std::move(p.second));
    Batch all = ConcatBatches(batches, right.schema);
    all.schema = right.schema;
    std::unique_ptr<JoinTable> build = BuildTable(std::move(all), spec);
    left.run([&](Batch&& b, size_t seq) { consumer(Probe(*build, b, spec), seq); });
    return;
  }

  // Grace hash join: every key's rows of both sides are in the same partition.
  std::vector<SpillFilePtr> left_partitions = MakePartitions(left.schema, context);
  left.run([&](Batch&& b, size_t) {
    if (b.num_rows == 0) return;
    b.schema = left.schema;
    AppendByKeyHash(b, spec.left_keys, left_partitions);
  });
  size_t sequence = 0;
  for (size_t p = 0; p < kSpillPartitions; ++p) {
    SpillFilePtr probe = std::move(left_partitions[p]);
    if (probe->num_blocks() == 0) continue;
    std::unique_ptr<JoinTable> build = BuildTable(ReadAll(*right_partitions[p]), spec);
    right_partitions[p].reset();
    for (size_t i = 0; i < probe->num_blocks(); ++i) {
      Batch b = probe->ReadBlock(i);
      b.schema = left.schema;
      consumer(Probe(*build, b, spec), sequence++);
    }
  }
}

}  // namespace tally
