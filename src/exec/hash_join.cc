#include "exec/hash_join.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>

#include "common/memory_budget.h"
#include "exec/column_util.h"
#include "exec/group_key_table.h"
#include "exec/hash_aggregate.h"
#include "exec/row_hash.h"

namespace tally {
namespace {

// The build side: its rows, a table of its distinct keys, the rows of each key, and which rows
// have found a match (for right and full joins).
struct JoinTable {
  Batch right;
  std::unique_ptr<GroupKeyTable> keys;  // null without keys: every row is a candidate
  std::vector<uint32_t> offsets, rows;  // rows of key g: rows[offsets[g] .. offsets[g+1])
  std::unique_ptr<std::atomic<uint8_t>[]> matched;
};

std::vector<ColumnPtr> EvaluateKeys(const std::vector<BoundExprPtr>& keys, const Batch& batch,
                                    std::vector<const Column*>* pointers) {
  std::vector<ColumnPtr> columns;
  for (const auto& k : keys) columns.push_back(k->EvaluateColumn(batch));
  for (const auto& c : columns) pointers->push_back(c.get());
  return columns;
}

// Whether any row of `batch` has a NULL key (a mark join's answer for the unmatched rows).
bool HasNullKey(const std::vector<BoundExprPtr>& keys, const Batch& batch) {
  for (const auto& k : keys)
    if (k->EvaluateColumn(batch)->HasNulls()) return true;
  return false;
}

std::unique_ptr<JoinTable> BuildTable(Batch right, const JoinSpec& spec) {
  auto build = std::make_unique<JoinTable>();
  build->right = std::move(right);
  size_t n = build->right.num_rows;
  build->matched.reset(new std::atomic<uint8_t>[n]());
  if (spec.key_types.empty()) return build;
  build->keys = std::make_unique<GroupKeyTable>(spec.key_types);
  std::vector<uint32_t> groups(n);
  std::vector<const Column*> pointers;
  auto alive = EvaluateKeys(spec.right_keys, build->right, &pointers);
  build->keys->FindOrInsert(pointers, n, groups.data());
  build->keys->SpreadForProbing();
  size_t distinct = build->keys->num_groups();
  build->offsets.assign(distinct + 1, 0);
  for (uint32_t g : groups) ++build->offsets[g + 1];
  for (size_t g = 0; g < distinct; ++g) build->offsets[g + 1] += build->offsets[g];
  build->rows.resize(n);
  std::vector<uint32_t> fill(build->offsets.begin(), build->offsets.end() - 1);
  for (size_t r = 0; r < n; ++r) build->rows[fill[groups[r]]++] = static_cast<uint32_t>(r);
  return build;
}

// The rows of `left` at li and of `right` at ri side by side (kNoRow: NULLs).
std::vector<ColumnPtr> PairColumns(const Batch& left, const std::vector<uint32_t>& li,
                                   const Batch& right, const std::vector<uint32_t>& ri) {
  std::vector<ColumnPtr> columns;
  for (const auto& c : left.columns) columns.push_back(GatherRows(*c, li.data(), li.size()));
  for (const auto& c : right.columns) columns.push_back(GatherRows(*c, ri.data(), ri.size()));
  return columns;
}

// Candidate pairs are checked against the condition this many at a time, so that a key with
// many rows on both sides (or a join without keys) never holds all its pairs at once.
constexpr size_t kPairChunk = 65536;

// Hands `sink` the pairs of a probe batch whose keys are equal (NULL keys never are) and where
// the condition holds, a chunk at a time. With `first_only` (semi, anti and mark joins only ask
// whether a row has a match) a left row's remaining candidates are skipped once it has one.
void MatchingPairs(
    const JoinTable& build, const Batch& b, const JoinSpec& spec, bool first_only,
    const std::function<void(std::vector<uint32_t>&, std::vector<uint32_t>&)>& sink) {
  std::vector<uint32_t> match(b.num_rows, kNoRow);
  std::vector<ColumnPtr> alive;
  if (build.keys) {
    std::vector<const Column*> pointers;
    alive = EvaluateKeys(spec.left_keys, b, &pointers);
    build.keys->Find(pointers, b.num_rows, match.data());
  } else if (build.right.num_rows > 0) {
    std::fill(match.begin(), match.end(), 0);
  }
  auto candidates = [&](size_t i, uint32_t* begin, uint32_t* end) {
    uint32_t g = match[i];
    if (build.keys) {
      *begin = build.offsets[g];
      *end = build.offsets[g + 1];
    } else {
      *begin = 0;
      *end = static_cast<uint32_t>(build.right.num_rows);
    }
  };
  auto row_at = [&](uint32_t k) { return build.keys ? build.rows[k] : k; };
  std::vector<uint8_t> matched(first_only ? b.num_rows : 0);
  std::vector<uint32_t> li, ri;
  auto flush = [&] {
    if (li.empty()) return;
    // A join without keys (or with a common key) can check many pairs per probe batch.
    if (spec.context) spec.context->ThrowIfCancelled();
    if (spec.condition) {
      Batch pairs;
      pairs.num_rows = li.size();
      pairs.columns = PairColumns(b, li, build.right, ri);
      ColumnPtr holds = spec.condition->EvaluateColumn(pairs);
      const uint8_t* h = holds->data<uint8_t>();
      size_t kept = 0;
      for (size_t p = 0; p < li.size(); ++p)
        if (h[p] && holds->IsValid(p)) {
          li[kept] = li[p];
          ri[kept] = ri[p];
          ++kept;
        }
      li.resize(kept);
      ri.resize(kept);
    }
    if (first_only)
      for (uint32_t l : li) matched[l] = 1;
    sink(li, ri);
    li.clear();
    ri.clear();
  };
  for (size_t i = 0; i < b.num_rows; ++i) {
    if (match[i] == kNoRow) continue;
    uint32_t begin, end;
    candidates(i, &begin, &end);
    // Without a condition every candidate matches: one is enough for the first-only joins.
    if (first_only && !spec.condition) end = std::min(end, begin + 1);
    for (uint32_t k = begin; k < end; ++k) {
      if (first_only && matched[i]) break;
      li.push_back(static_cast<uint32_t>(i));
      ri.push_back(row_at(k));
      if (li.size() >= kPairChunk) flush();
    }
  }
  flush();
}

// What the mark of an unmatched row needs to know about the whole right side.
struct RightSide {
  bool empty = true;
  bool has_null_key = false;
};

Batch Probe(JoinTable& build, const Batch& b, const JoinSpec& spec, const RightSide& whole) {
  JoinType type = spec.type;
  bool first_only = type == JoinType::kSemi || type == JoinType::kAnti || type == JoinType::kMark;
  std::vector<uint32_t> li, ri;
  std::vector<uint8_t> has_match(b.num_rows, 0);
  MatchingPairs(build, b, spec, first_only,
                [&](std::vector<uint32_t>& l, std::vector<uint32_t>& r) {
                  for (uint32_t x : l) has_match[x] = 1;
                  if (first_only) return;
                  li.insert(li.end(), l.begin(), l.end());
                  ri.insert(ri.end(), r.begin(), r.end());
                });
  Batch out;
  out.schema = spec.schema;
  if (type == JoinType::kRight || type == JoinType::kFull || KeepsOnlyRightColumns(type))
    for (uint32_t r : ri) build.matched[r].store(1, std::memory_order_relaxed);
  // Right semi and anti joins answer once every left row has been seen (BuildRowsByMatch).
  if (KeepsOnlyRightColumns(type)) {
    for (const auto& f : spec.schema->fields()) out.columns.push_back(Column::Make(f.type));
    return out;
  }
  if (type == JoinType::kInner || type == JoinType::kRight) {
    out.num_rows = li.size();
    out.columns = PairColumns(b, li, build.right, ri);
    return out;
  }

  if (type == JoinType::kLeft || type == JoinType::kFull) {
    for (size_t i = 0; i < b.num_rows; ++i)
      if (!has_match[i]) {
        li.push_back(static_cast<uint32_t>(i));
        ri.push_back(kNoRow);
      }
    out.num_rows = li.size();
    out.columns = PairColumns(b, li, build.right, ri);
    return out;
  }
  if (type == JoinType::kSemi || type == JoinType::kAnti) {
    uint8_t wanted = type == JoinType::kSemi ? 1 : 0;
    std::vector<uint32_t> rows;
    for (size_t i = 0; i < b.num_rows; ++i)
      if (has_match[i] == wanted) rows.push_back(static_cast<uint32_t>(i));
    out.num_rows = rows.size();
    for (const auto& c : b.columns) out.columns.push_back(GatherRows(*c, rows.data(), rows.size()));
    return out;
  }
  // Mark: every left row and whether it has a match; without one, NULL when its key or a key
  // of the (non-empty) right side is NULL, as `x IN (...)` is in SQL.
  out.num_rows = b.num_rows;
  out.columns = b.columns;
  ColumnPtr mark = MakeFixedColumn(DataType::Bool(), b.num_rows);
  uint8_t* m = mark->data<uint8_t>();
  std::vector<ColumnPtr> keys;
  for (const auto& k : spec.left_keys) keys.push_back(k->EvaluateColumn(b));
  for (size_t i = 0; i < b.num_rows; ++i) {
    m[i] = has_match[i];
    if (has_match[i] || whole.empty) continue;
    bool unknown = whole.has_null_key;
    for (const auto& k : keys) unknown = unknown || k->IsNull(i);
    if (unknown) mark->SetNull(i);
  }
  out.columns.push_back(mark);
  return out;
}

// The right rows that found no match, with NULL left columns (right and full joins).
Batch UnmatchedRight(const JoinTable& build, const std::shared_ptr<const Schema>& left_schema,
                     const JoinSpec& spec) {
  std::vector<uint32_t> rows;
  for (size_t r = 0; r < build.right.num_rows; ++r)
    if (!build.matched[r].load(std::memory_order_relaxed)) rows.push_back(static_cast<uint32_t>(r));
  Batch out;
  out.schema = spec.schema;
  out.num_rows = rows.size();
  for (const auto& f : left_schema->fields())
    out.columns.push_back(BroadcastScalar(Scalar::Null(f.type), rows.size()));
  for (const auto& c : build.right.columns)
    out.columns.push_back(GatherRows(*c, rows.data(), rows.size()));
  return out;
}

// The right rows that found a match (right semi join) or none (right anti join).
Batch BuildRowsByMatch(const JoinTable& build, const JoinSpec& spec) {
  uint8_t wanted = spec.type == JoinType::kRightSemi ? 1 : 0;
  std::vector<uint32_t> rows;
  for (size_t r = 0; r < build.right.num_rows; ++r)
    if (build.matched[r].load(std::memory_order_relaxed) == wanted)
      rows.push_back(static_cast<uint32_t>(r));
  Batch out;
  out.schema = spec.schema;
  out.num_rows = rows.size();
  for (const auto& c : build.right.columns)
    out.columns.push_back(GatherRows(*c, rows.data(), rows.size()));
  return out;
}

// The rows a join emits after its probe side is done: right rows by whether they matched.
void EmitBuildRows(const JoinTable& build, const std::shared_ptr<const Schema>& left_schema,
                   const JoinSpec& spec, const BatchConsumer& consumer, size_t sequence) {
  if (spec.type == JoinType::kRight || spec.type == JoinType::kFull)
    consumer(UnmatchedRight(build, left_schema, spec), sequence);
  else if (KeepsOnlyRightColumns(spec.type))
    consumer(BuildRowsByMatch(build, spec), sequence);
}

// Appends the rows of `b` to the partition files by a hash of its keys.
constexpr uint64_t kJoinPartitionSeed = 0x9a1e'70b5ULL;

void AppendByKeyHash(const Batch& b, const std::vector<BoundExprPtr>& keys,
                     std::vector<SpillFilePtr>& partitions) {
  std::vector<uint64_t> hashes = HashKeys(keys, b, kJoinPartitionSeed);
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

void HashJoin(const Stream& left, const Stream& right, const JoinSpec& join,
              const BatchConsumer& consumer) {
  // Collect the build side within the budget (its rows and about as much again for the
  // table); past it, move what was collected and everything after into partitions.
  std::mutex mutex;
  std::vector<std::pair<size_t, Batch>> pending;
  std::vector<SpillFilePtr> right_partitions;
  QueryContext& context = ContextOf(left);
  JoinSpec spec = join;
  spec.context = &context;
  MemoryReservation reservation(context.budget());
  std::atomic<bool> right_has_null_key{false}, right_empty{true};
  // Whether rows of the build side are emitted after the probe (by whether they matched).
  bool outer_right = spec.type == JoinType::kRight || spec.type == JoinType::kFull ||
                     KeepsOnlyRightColumns(spec.type);
  // Without keys every pair is a candidate: the build side cannot be partitioned.
  bool can_partition = !spec.key_types.empty();
  right.run([&](Batch&& b, size_t seq) {
    if (b.num_rows == 0) return;
    b.schema = right.schema;
    right_empty = false;
    if (spec.type == JoinType::kMark && HasNullKey(spec.right_keys, b)) right_has_null_key = true;
    std::lock_guard<std::mutex> lock(mutex);
    if (!can_partition) {
      reservation.ForceGrow(2 * b.MemoryBytes());
      pending.emplace_back(seq, std::move(b));
      return;
    }
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

  RightSide whole{right_empty.load(), right_has_null_key.load()};
  if (right_partitions.empty()) {
    std::sort(pending.begin(), pending.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Batch> batches;
    for (auto& p : pending) batches.push_back(std::move(p.second));
    Batch all = ConcatBatches(batches, right.schema);
    all.schema = right.schema;
    std::unique_ptr<JoinTable> build = BuildTable(std::move(all), spec);
    std::atomic<size_t> after_left{0};
    left.run([&](Batch&& b, size_t seq) {
      b.schema = left.schema;
      size_t next = seq + 1, seen = after_left.load();
      while (next > seen && !after_left.compare_exchange_weak(seen, next)) {
      }
      consumer(Probe(*build, b, spec, whole), seq);
    });
    if (outer_right) EmitBuildRows(*build, left.schema, spec, consumer, after_left.load());
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
    if (probe->num_blocks() == 0 && !outer_right) continue;
    std::unique_ptr<JoinTable> build = BuildTable(ReadAll(*right_partitions[p]), spec);
    right_partitions[p].reset();
    for (size_t i = 0; i < probe->num_blocks(); ++i) {
      context.ThrowIfCancelled();
      Batch b = probe->ReadBlock(i);
      b.schema = left.schema;
      consumer(Probe(*build, b, spec, whole), sequence++);
    }
    if (outer_right) EmitBuildRows(*build, left.schema, spec, consumer, sequence++);
  }
}

}  // namespace tally
