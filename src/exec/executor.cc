#include "exec/executor.h"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "common/error.h"
#include "common/memory_budget.h"
#include "dist/communicator.h"
#include "exec/aggregate_function.h"
#include "exec/bound_expr.h"
#include "dist/byte_buffer.h"
#include "exec/column_util.h"
#include "exec/group_key_table.h"
#include "exec/row_hash.h"
#include "exec/sort_keys.h"
#include "exec/spill_file.h"

namespace tally {
namespace {

// A source of batches that can run (in parallel) into a consumer. In a distributed run a
// stream is either sharded (each rank produces its own disjoint part of the rows) or
// replicated (every rank produces all rows). Blocking operators make their collective calls
// from the thread that calls `run`, in plan order, so all ranks call them alike.
struct Stream {
  std::shared_ptr<const Schema> schema;
  std::function<void(const BatchConsumer&)> run;
  bool sharded = false;
};

Stream Build(const PlanPtr& node);

// Runs a stream to completion and returns its batches in sequence order.
std::vector<Batch> Collect(const Stream& stream) {
  std::mutex mutex;
  std::vector<std::pair<size_t, Batch>> parts;
  stream.run([&](Batch&& b, size_t seq) {
    if (b.num_rows == 0) return;
    std::lock_guard<std::mutex> lock(mutex);
    parts.emplace_back(seq, std::move(b));
  });
  std::sort(parts.begin(), parts.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Batch> out;
  for (auto& p : parts) out.push_back(std::move(p.second));
  return out;
}

Batch CollectOne(const Stream& stream) {
  return ConcatBatches(Collect(stream), stream.schema);
}

Stream FromBatches(std::shared_ptr<const Schema> schema, std::vector<Batch> batches) {
  auto shared = std::make_shared<std::vector<Batch>>();
  for (auto& b : batches)
    for (auto& s : SplitBatch(b, kDefaultBatchRows)) shared->push_back(std::move(s));
  return {schema, [shared](const BatchConsumer& consumer) {
            tbb::parallel_for(size_t{0}, shared->size(), [&](size_t i) {
              Batch b = (*shared)[i];
              consumer(std::move(b), i);
            });
          }};
}

Batch FilterBatch(const Batch& batch, const BoundExpr& predicate) {
  Datum d = predicate.Evaluate(batch);
  if (d.is_scalar()) {
    if (!d.scalar.is_null() && d.scalar.bool_value()) return batch;
    Batch empty = batch;
    empty.num_rows = 0;
    for (auto& c : empty.columns) c = c->Slice(0, 0);
    return empty;
  }
  const Column& mask = *d.column;
  const uint8_t* m = mask.data<uint8_t>();
  std::vector<uint32_t> rows;
  rows.reserve(batch.num_rows);
  bool nulls = mask.HasNulls();
  for (size_t i = 0; i < batch.num_rows; ++i)
    if (m[i] && (!nulls || mask.IsValid(i))) rows.push_back(static_cast<uint32_t>(i));
  if (rows.size() == batch.num_rows) return batch;
  Batch out;
  out.schema = batch.schema;
  out.num_rows = rows.size();
  for (const auto& c : batch.columns) out.columns.push_back(c->Take(rows));
  return out;
}

// With several ranks a scan reads this rank's share when the source can be split (or holds
// only this rank's rows already); other sources are read whole by every rank.
Stream BuildScan(const LogicalNode& node) {
  DataSourcePtr source = node.source;
  std::vector<int> columns = node.columns;
  ExprPtr filter = node.filter;
  BoundExprPtr bound = filter ? Bind(*filter, *node.schema) : nullptr;
  auto schema = node.schema;
  Communicator* comm = &CurrentCommunicator();
  bool share = comm->size() > 1 && !source->IsRankLocal() && source->CanScanShare();
  bool sharded = comm->size() > 1 && (source->IsRankLocal() || share);
  return {schema,
          [=](const BatchConsumer& consumer) {
            auto filtered = [&](Batch&& b, size_t seq) {
              b.schema = schema;
              if (bound) b = FilterBatch(b, *bound);
              consumer(std::move(b), seq);
            };
            if (share)
              source->ScanShare(columns, filter.get(), filtered, *comm);
            else
              source->Scan(columns, filter.get(), filtered);
          },
          sharded};
}

Stream Wrap(Stream child, std::shared_ptr<const Schema> schema,
            std::function<Batch(Batch&&)> transform) {
  return {schema,
          [child, transform](const BatchConsumer& consumer) {
            child.run([&](Batch&& b, size_t seq) { consumer(transform(std::move(b)), seq); });
          },
          child.sharded};
}

// ---- exchange between ranks ----

// Every rank's rows of a sharded stream on every rank (in rank order), for operators that
// need all rows in one place (sort, window, limit, a join's build side).
Stream Gathered(Stream child) {
  if (!child.sharded) return child;
  Communicator* comm = &CurrentCommunicator();
  auto schema = child.schema;
  return {schema, [child, comm, schema](const BatchConsumer& consumer) {
            std::string mine;
            for (const Batch& b : Collect(child)) PutString(&mine, EncodeBatch(b));
            std::vector<Batch> all;
            for (const std::string& message : comm->AllGather(std::move(mine))) {
              ByteReader in(message);
              while (!in.done()) all.push_back(DecodeBatch(std::string(in.GetString()), schema));
            }
            FromBatches(schema, std::move(all)).run(consumer);
          }};
}

Batch TakeBatch(const Batch& all, const std::vector<uint32_t>& rows);

// ---- hash aggregation ----

struct AggregatePlan {
  std::vector<BoundExprPtr> keys;
  std::vector<BoundExprPtr> args;  // nullptr for count(*)
  std::vector<AggregateFunctionPtr> functions;
  std::vector<DataType> key_types;
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
      : table(plan.key_types), give_up(plan.give_up) {
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
// `enforce_budget`, gives up (AggregateSpillNeeded) as soon as the partial states would pass
// the memory budget; otherwise they are only accounted.
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

// The result rows of combined partial states. `global_row`: a global aggregate (no keys) has
// one row even over no input.
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

std::vector<Batch> HashAggregateInMemory(const Stream& input, const AggregatePlan& plan,
                                         std::shared_ptr<const Schema> schema,
                                         bool enforce_budget) {
  auto result = AggregatePartials(input, plan, enforce_budget);
  return FinalizeAggregate(*result, std::move(schema), plan.keys.empty());
}

// Distributed aggregation: each rank aggregates its share into partial states, sends each
// group's partial state to the rank that owns the group (by a hash of the key, so all
// partials of a group meet on one rank), and that rank combines and finalizes them. The
// result stays sharded by key. Holistic states carry their values, so results are exact.
// A global aggregate (no keys) is owned by rank 0.
constexpr uint64_t kExchangeSeed = 0xd157'1b07ULL;

std::vector<Batch> ExchangeAggregate(const Stream& input, const AggregatePlan& plan,
                                     std::shared_ptr<const Schema> schema, Communicator& comm) {
  // The partials of one rank are held in memory (accounted, not spilled).
  auto partial = AggregatePartials(input, plan, false);
  size_t groups = partial->table.num_groups();
  size_t ranks = static_cast<size_t>(comm.size());
  std::vector<std::vector<uint32_t>> owned_by(ranks);
  std::vector<Field> key_fields;
  for (size_t k = 0; k < plan.key_types.size(); ++k)
    key_fields.push_back({"k" + std::to_string(k), plan.key_types[k]});
  auto key_schema = std::make_shared<const Schema>(key_fields);
  Batch keys;
  keys.schema = key_schema;
  keys.num_rows = groups;
  if (plan.keys.empty()) {
    for (size_t g = 0; g < groups; ++g) owned_by[0].push_back(static_cast<uint32_t>(g));
  } else {
    keys.columns = partial->table.KeyColumns();
    std::vector<const Column*> columns;
    for (const auto& c : keys.columns) columns.push_back(c.get());
    std::vector<uint64_t> hashes(groups);
    HashRows(columns, groups, kExchangeSeed, hashes.data());
    for (size_t g = 0; g < groups; ++g)
      owned_by[((hashes[g] >> 32) * ranks) >> 32].push_back(static_cast<uint32_t>(g));
  }
  // Message to a rank: group count, the groups' keys (an encoded batch), each aggregate's
  // partial states of those groups.
  std::vector<std::string> messages(ranks);
  for (auto& s : partial->states) s->Resize(groups);
  for (size_t r = 0; r < ranks; ++r) {
    const std::vector<uint32_t>& mine = owned_by[r];
    std::string& m = messages[r];
    PutValue<uint64_t>(&m, mine.size());
    if (mine.empty()) continue;
    if (!plan.keys.empty()) PutString(&m, EncodeBatch(TakeBatch(keys, mine)));
    for (const auto& s : partial->states) s->Serialize(mine.data(), mine.size(), &m);
  }
  partial.reset();
  std::vector<std::string> received = comm.AllToAll(std::move(messages));
  AggregateLocal result(plan);
  for (const std::string& message : received) {
    ByteReader in(message);
    size_t n = in.Get<uint64_t>();
    if (n == 0) continue;
    std::vector<uint32_t> ids(n);
    if (plan.keys.empty()) {
      result.table.FindOrInsert({}, 1, ids.data());
    } else {
      Batch batch = DecodeBatch(std::string(in.GetString()), key_schema);
      std::vector<const Column*> columns;
      for (const auto& c : batch.columns) columns.push_back(c.get());
      result.table.FindOrInsert(columns, n, ids.data());
    }
    for (auto& s : result.states) {
      s->Resize(result.table.num_groups());
      s->MergeSerialized(in, ids.data(), n);
    }
  }
  return FinalizeAggregate(result, std::move(schema), plan.keys.empty() && comm.rank() == 0);
}

// Spilling aggregation: the rows (key and argument values) are split by a hash of the key
// into partitions on disk, then each partition, holding all rows of its groups, is aggregated
// in turn (itself spilling again, with another hash, when still too big).
constexpr size_t kSpillPartitions = 16;
constexpr int kMaxSpillDepth = 4;

// A stream over the batches of a spill file, read and decoded in parallel.
Stream SpillFileStream(SpillFilePtr file) {
  return {file->schema(), [file](const BatchConsumer& consumer) {
            tbb::parallel_for(size_t{0}, file->num_blocks(),
                              [&](size_t i) { consumer(file->ReadBlock(i), i); });
          }};
}

std::vector<Batch> HashAggregate(const Stream& input, const AggregatePlan& plan,
                                 std::shared_ptr<const Schema> schema, int depth = 0,
                                 size_t input_rows = SIZE_MAX);

std::vector<Batch> HashAggregatePartitioned(const Stream& input, const AggregatePlan& plan,
                                            std::shared_ptr<const Schema> schema, int depth) {
  // The spilled rows: key columns k0.., then the argument of each aggregate that has one.
  std::vector<Field> fields;
  AggregatePlan sub;
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
  std::vector<SpillFilePtr> files;
  for (size_t p = 0; p < kSpillPartitions; ++p)
    files.push_back(std::make_shared<SpillFile>(spill_schema));
  uint64_t seed = 0x7a11e5ULL * static_cast<uint64_t>(depth + 1);
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
  std::vector<Batch> out;
  for (size_t p = 0; p < kSpillPartitions; ++p) {
    SpillFilePtr file = std::move(files[p]);
    if (file->num_blocks() == 0) continue;
    for (auto& batch :
         HashAggregate(SpillFileStream(file), sub, schema, depth + 1, file->num_rows()))
      out.push_back(std::move(batch));
  }
  return out;
}

std::vector<Batch> HashAggregate(const Stream& input, const AggregatePlan& plan,
                                 std::shared_ptr<const Schema> schema, int depth,
                                 size_t input_rows) {
  // Without keys there is nothing to partition by; past the deepest split the groups are
  // taken as they come (a few huge groups do not get smaller by splitting); and a partition of
  // at most one morsel is aggregated in memory whatever the budget (its tables' fixed sizes
  // can pass a tiny budget, and splitting it further would only multiply files).
  bool can_spill = !plan.keys.empty() && depth < kMaxSpillDepth && input_rows > kDefaultBatchRows;
  AggregatePlan attempt = plan;
  attempt.give_up = std::make_shared<std::atomic<bool>>(false);
  if (can_spill) {
    try {
      return HashAggregateInMemory(input, attempt, schema, true);
    } catch (const AggregateSpillNeeded&) {
    }
    return HashAggregatePartitioned(input, plan, schema, depth);
  }
  return HashAggregateInMemory(input, attempt, schema, false);
}

// A sharded input is aggregated across ranks (the result stays sharded by key).
Stream AggregateStream(Stream child, AggregatePlan plan, std::shared_ptr<const Schema> schema) {
  if (child.sharded) {
    Communicator* comm = &CurrentCommunicator();
    return {schema,
            [child, plan, schema, comm](const BatchConsumer& consumer) {
              FromBatches(schema, ExchangeAggregate(child, plan, schema, *comm)).run(consumer);
            },
            true};
  }
  return {schema, [child, plan, schema](const BatchConsumer& consumer) {
            FromBatches(schema, HashAggregate(child, plan, schema)).run(consumer);
          }};
}

Stream BuildAggregate(const LogicalNode& node) {
  Stream child = Build(node.children[0]);
  AggregatePlan plan;
  for (const auto& k : node.exprs) {
    plan.keys.push_back(Bind(*k, *child.schema));
    plan.key_types.push_back(plan.keys.back()->type());
  }
  for (const auto& a : node.aggregates) {
    const ExprNode& call = StripAlias(*a);
    BoundExprPtr arg = call.args.empty() ? nullptr : Bind(*call.args[0], *child.schema);
    plan.args.push_back(arg);
    plan.functions.push_back(
        MakeAggregateFunction(call.name, arg ? arg->type() : DataType::Int64(), call.param));
  }
  return AggregateStream(child, plan, node.schema);
}

Stream BuildDistinct(const LogicalNode& node) {
  Stream child = Build(node.children[0]);
  AggregatePlan plan;
  for (size_t i = 0; i < child.schema->size(); ++i) {
    plan.keys.push_back(Bind(*MakeColumnRef(child.schema->field(i).name), *child.schema));
    plan.key_types.push_back(child.schema->field(i).type);
  }
  return AggregateStream(child, plan, node.schema);
}

// ---- sort, limit ----

std::vector<SortKeyColumn> EvaluateSortKeys(const std::vector<SortSpec>& specs, const Batch& all,
                                            std::vector<ColumnPtr>* keep_alive) {
  std::vector<SortKeyColumn> keys;
  for (const auto& s : specs) {
    ColumnPtr c = Bind(*s.expr, *all.schema)->EvaluateColumn(all);
    keep_alive->push_back(c);
    keys.push_back(MakeSortKeyColumn(*c, s.ascending, s.nulls_first));
  }
  return keys;
}

Batch TakeBatch(const Batch& all, const std::vector<uint32_t>& rows) {
  Batch out;
  out.schema = all.schema;
  out.num_rows = rows.size();
  for (const auto& c : all.columns) out.columns.push_back(GatherRows(*c, rows.data(), rows.size()));
  return out;
}

// External merge sort: input is gathered until it would pass the memory budget, then sorted
// and written out as a run; at the end the runs are merged (ties: earlier run first). Input
// within the budget is sorted in memory as before.
struct SortRunCursor {
  SpillFilePtr file;
  size_t block = 0;
  Batch batch;
  std::vector<ColumnPtr> alive;
  std::vector<SortKeyColumn> keys;
  size_t row = 0;
};

Batch SortInMemory(std::vector<std::pair<size_t, Batch>> parts, const std::vector<SortSpec>& specs,
                   std::shared_ptr<const Schema> schema) {
  std::sort(parts.begin(), parts.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Batch> batches;
  for (auto& p : parts) batches.push_back(std::move(p.second));
  Batch all = ConcatBatches(batches, schema);
  all.schema = schema;
  std::vector<ColumnPtr> alive;
  auto keys = EvaluateSortKeys(specs, all, &alive);
  std::vector<uint32_t> order = SortedRowOrder(keys, all.num_rows);
  return TakeBatch(all, order);
}

void MergeSortedRuns(std::vector<SpillFilePtr> runs, const std::vector<SortSpec>& specs,
                     std::shared_ptr<const Schema> schema, const BatchConsumer& consumer) {
  std::vector<SortRunCursor> cursors(runs.size());
  auto load = [&](SortRunCursor& c) {
    if (c.block >= c.file->num_blocks()) return false;
    c.batch = c.file->ReadBlock(c.block++);
    c.batch.schema = schema;
    c.alive.clear();
    c.keys = EvaluateSortKeys(specs, c.batch, &c.alive);
    c.row = 0;
    return true;
  };
  // Min-heap of cursor indices by their current row.
  auto after = [&](size_t a, size_t b) {
    int c = CompareSortRows(cursors[a].keys, cursors[a].row, cursors[b].keys, cursors[b].row);
    return c != 0 ? c > 0 : a > b;
  };
  std::vector<size_t> heap;
  for (size_t i = 0; i < runs.size(); ++i) {
    cursors[i].file = runs[i];
    if (load(cursors[i])) heap.push_back(i);
  }
  std::make_heap(heap.begin(), heap.end(), after);
  std::vector<Batch> pieces;
  size_t piece_cursor = SIZE_MAX, out_rows = 0, seq = 0;
  std::vector<uint32_t> piece_rows;
  auto close_piece = [&] {
    if (piece_cursor != SIZE_MAX && !piece_rows.empty())
      pieces.push_back(TakeBatch(cursors[piece_cursor].batch, piece_rows));
    piece_rows.clear();
    piece_cursor = SIZE_MAX;
  };
  auto emit = [&] {
    close_piece();
    if (out_rows == 0) return;
    Batch out = ConcatBatches(pieces, schema);
    out.schema = schema;
    consumer(std::move(out), seq++);
    pieces.clear();
    out_rows = 0;
  };
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), after);
    size_t i = heap.back();
    SortRunCursor& c = cursors[i];
    if (piece_cursor != i) {
      close_piece();
      piece_cursor = i;
    }
    piece_rows.push_back(static_cast<uint32_t>(c.row));
    if (++out_rows >= kDefaultBatchRows) emit();
    if (++c.row >= c.batch.num_rows) {
      if (piece_cursor == i) close_piece();
      if (!load(c)) {
        heap.pop_back();
        continue;
      }
    }
    std::push_heap(heap.begin(), heap.end(), after);
  }
  emit();
}

Stream BuildSort(const LogicalNode& node) {
  Stream child = Gathered(Build(node.children[0]));
  auto specs = node.sort_keys;
  auto schema = node.schema;
  return {schema, [child, specs, schema](const BatchConsumer& consumer) {
            std::mutex mutex;
            std::vector<std::pair<size_t, Batch>> pending;
            std::vector<SpillFilePtr> runs;
            MemoryReservation reservation;
            auto spill_run = [&] {
              SpillFilePtr run = std::make_shared<SpillFile>(schema);
              Batch sorted = SortInMemory(std::move(pending), specs, schema);
              pending.clear();
              for (auto& b : SplitBatch(sorted, kDefaultBatchRows)) run->Append(b);
              runs.push_back(run);
              reservation.Reset();
            };
            child.run([&](Batch&& b, size_t seq) {
              if (b.num_rows == 0) return;
              b.schema = schema;
              std::lock_guard<std::mutex> lock(mutex);
              // Room for the batch and for its sorted copy.
              size_t bytes = 2 * b.MemoryBytes();
              if (!reservation.TryGrow(bytes)) {
                if (!pending.empty()) spill_run();
                reservation.ForceGrow(bytes);
              }
              pending.emplace_back(seq, std::move(b));
            });
            if (runs.empty()) {
              FromBatches(schema, {SortInMemory(std::move(pending), specs, schema)}).run(consumer);
              return;
            }
            if (!pending.empty()) spill_run();
            reservation.Reset();
            MergeSortedRuns(std::move(runs), specs, schema, consumer);
          }};
}

Stream BuildLimit(const LogicalNode& node) {
  Stream child = Gathered(Build(node.children[0]));
  int64_t limit = node.limit;
  auto schema = node.schema;
  return {schema, [child, limit, schema](const BatchConsumer& consumer) {
            std::vector<Batch> kept;
            size_t left = static_cast<size_t>(limit);
            for (auto& b : Collect(child)) {
              if (left == 0) break;
              if (b.num_rows > left) b = SplitBatch(b, left)[0];
              left -= b.num_rows;
              kept.push_back(std::move(b));
            }
            FromBatches(schema, std::move(kept)).run(consumer);
          }};
}

// ---- window ----

Stream BuildWindow(const LogicalNode& node) {
  Stream child = Gathered(Build(node.children[0]));
  auto schema = node.schema;
  auto child_schema = child.schema;
  LogicalNode spec = node;
  return {schema, [child, spec, schema, child_schema](const BatchConsumer& consumer) {
            Batch all = CollectOne(child);
            all.schema = child_schema;
            std::vector<SortSpec> order;
            for (const auto& p : spec.partition_by) order.push_back({p, true, true});
            for (const auto& o : spec.sort_keys) order.push_back(o);
            std::vector<ColumnPtr> alive;
            auto keys = EvaluateSortKeys(order, all, &alive);
            std::vector<uint32_t> rows = SortedRowOrder(keys, all.num_rows);
            // Partition of each row, to find where partitions start in sorted order.
            std::vector<uint32_t> part(all.num_rows, 0);
            if (!spec.partition_by.empty()) {
              std::vector<DataType> types;
              std::vector<const Column*> cols;
              for (size_t i = 0; i < spec.partition_by.size(); ++i) {
                types.push_back(alive[i]->type());
                cols.push_back(alive[i].get());
              }
              GroupKeyTable table(types);
              table.FindOrInsert(cols, all.num_rows, part.data());
            }
            const ExprNode& fn = StripAlias(*spec.window_function);
            size_t n = all.num_rows;
            ColumnPtr result;
            std::vector<size_t> start(n);
            for (size_t p = 0; p < n; ++p)
              start[p] = (p > 0 && part[rows[p]] == part[rows[p - 1]]) ? start[p - 1] : p;
            if (fn.name == "row_number") {
              result = MakeFixedColumn(DataType::Int64(), n);
              for (size_t p = 0; p < n; ++p)
                result->data<int64_t>()[p] = static_cast<int64_t>(p - start[p] + 1);
            } else {
              ColumnPtr arg = Bind(*fn.args[0], *child_schema)->EvaluateColumn(all);
              int64_t offset = static_cast<int64_t>(fn.param);
              if (fn.name == "lead") offset = -offset;
              std::vector<uint32_t> src(n, kNoRow);
              for (size_t p = 0; p < n; ++p) {
                int64_t q = static_cast<int64_t>(p) - offset;
                if (q < static_cast<int64_t>(start[p]) || q >= static_cast<int64_t>(n)) continue;
                if (part[rows[static_cast<size_t>(q)]] != part[rows[p]]) continue;
                src[p] = rows[static_cast<size_t>(q)];
              }
              result = GatherRows(*arg, src.data(), n);
            }
            Batch out = TakeBatch(all, rows);
            out.schema = schema;
            out.columns.push_back(result);
            FromBatches(schema, {out}).run(consumer);
          }};
}

// ---- join ----

struct JoinBuild {
  Batch right;
  std::unique_ptr<GroupKeyTable> table;
  std::vector<uint32_t> offsets, rows;  // rows of group g: rows[offsets[g] .. offsets[g+1])
};

// The build side is whole on every rank, so a sharded probe side gives a sharded result.
Stream BuildJoin(const LogicalNode& node) {
  Stream left = Build(node.children[0]);
  Stream right = Gathered(Build(node.children[1]));
  auto schema = node.schema;
  std::vector<BoundExprPtr> left_keys, right_keys;
  std::vector<DataType> key_types;
  for (const auto& k : node.join_keys) {
    DataType lt = left.schema->field(static_cast<size_t>(left.schema->IndexOf(k))).type;
    DataType rt = right.schema->field(static_cast<size_t>(right.schema->IndexOf(k))).type;
    DataType common = CommonType({lt, rt});
    left_keys.push_back(Bind(*MakeCast(MakeColumnRef(k), common), *left.schema));
    right_keys.push_back(Bind(*MakeCast(MakeColumnRef(k), common), *right.schema));
    key_types.push_back(common);
  }
  std::set<std::string> key_names(node.join_keys.begin(), node.join_keys.end());
  std::vector<int> left_key_cols, left_cols, right_cols;
  for (const auto& k : node.join_keys) left_key_cols.push_back(left.schema->IndexOf(k));
  for (size_t i = 0; i < left.schema->size(); ++i)
    if (!key_names.count(left.schema->field(i).name)) left_cols.push_back(static_cast<int>(i));
  for (size_t i = 0; i < right.schema->size(); ++i)
    if (!key_names.count(right.schema->field(i).name)) right_cols.push_back(static_cast<int>(i));
  bool left_join = node.join_type == JoinType::kLeft;
  return {schema,
          [=](const BatchConsumer& consumer) {
            auto build = std::make_shared<JoinBuild>();
            build->right = CollectOne(right);
            build->table = std::make_unique<GroupKeyTable>(key_types);
            size_t rn = build->right.num_rows;
            std::vector<uint32_t> groups(rn);
            {
              std::vector<ColumnPtr> cols;
              std::vector<const Column*> ptrs;
              for (const auto& k : right_keys) cols.push_back(k->EvaluateColumn(build->right));
              for (const auto& c : cols) ptrs.push_back(c.get());
              build->table->FindOrInsert(ptrs, rn, groups.data());
            }
            size_t ng = build->table->num_groups();
            build->offsets.assign(ng + 1, 0);
            for (uint32_t g : groups) ++build->offsets[g + 1];
            for (size_t g = 0; g < ng; ++g) build->offsets[g + 1] += build->offsets[g];
            build->rows.resize(rn);
            std::vector<uint32_t> fill(build->offsets.begin(), build->offsets.end() - 1);
            for (size_t r = 0; r < rn; ++r)
              build->rows[fill[groups[r]]++] = static_cast<uint32_t>(r);
            left.run([&](Batch&& b, size_t seq) {
              std::vector<ColumnPtr> cols;
              std::vector<const Column*> ptrs;
              for (const auto& k : left_keys) cols.push_back(k->EvaluateColumn(b));
              for (const auto& c : cols) ptrs.push_back(c.get());
              std::vector<uint32_t> match(b.num_rows);
              build->table->Find(ptrs, b.num_rows, match.data());
              std::vector<uint32_t> li, ri;
              li.reserve(b.num_rows);
              ri.reserve(b.num_rows);
              for (size_t i = 0; i < b.num_rows; ++i) {
                uint32_t g = match[i];
                if (g == kNoRow) {
                  if (left_join) {
                    li.push_back(static_cast<uint32_t>(i));
                    ri.push_back(kNoRow);
                  }
                  continue;
                }
                for (uint32_t k = build->offsets[g]; k < build->offsets[g + 1]; ++k) {
                  li.push_back(static_cast<uint32_t>(i));
                  ri.push_back(build->rows[k]);
                }
              }
              Batch out;
              out.schema = schema;
              out.num_rows = li.size();
              for (int c : left_key_cols)
                out.columns.push_back(
                    GatherRows(*b.columns[static_cast<size_t>(c)], li.data(), li.size()));
              for (int c : left_cols)
                out.columns.push_back(
                    GatherRows(*b.columns[static_cast<size_t>(c)], li.data(), li.size()));
              for (int c : right_cols)
                out.columns.push_back(GatherRows(*build->right.columns[static_cast<size_t>(c)],
                                                 ri.data(), ri.size()));
              consumer(std::move(out), seq);
            });
          },
          left.sharded};
}

Stream Build(const PlanPtr& plan) {
  const LogicalNode& node = *plan;
  switch (node.kind) {
    case PlanKind::kScan:
      return BuildScan(node);
    case PlanKind::kFilter: {
      Stream child = Build(node.children[0]);
      BoundExprPtr predicate = Bind(*node.exprs[0], *child.schema);
      return Wrap(child, child.schema,
                  [predicate](Batch&& b) { return FilterBatch(b, *predicate); });
    }
    case PlanKind::kProject: {
      Stream child = Build(node.children[0]);
      std::vector<BoundExprPtr> exprs;
      for (const auto& e : node.exprs) exprs.push_back(Bind(*e, *child.schema));
      auto schema = node.schema;
      return Wrap(child, schema, [exprs, schema](Batch&& b) {
        Batch out;
        out.schema = schema;
        out.num_rows = b.num_rows;
        for (const auto& e : exprs) out.columns.push_back(e->EvaluateColumn(b));
        return out;
      });
    }
    case PlanKind::kAggregate:
      return BuildAggregate(node);
    case PlanKind::kDistinct:
      return BuildDistinct(node);
    case PlanKind::kSort:
      return BuildSort(node);
    case PlanKind::kLimit:
      return BuildLimit(node);
    case PlanKind::kWindow:
      return BuildWindow(node);
    case PlanKind::kJoin:
      return BuildJoin(node);
    case PlanKind::kUnion: {
      Stream a = Build(node.children[0]);
      Stream b = Build(node.children[1]);
      // Sharded with sharded stays sharded; a mix is made whole on every rank.
      if (a.sharded != b.sharded) {
        a = Gathered(a);
        b = Gathered(b);
      }
      auto schema = node.schema;
      bool sharded = a.sharded;
      return {schema,
              [a, b, schema](const BatchConsumer& consumer) {
                // The right side's sequence numbers come after all of the left's.
                a.run([&](Batch&& x, size_t seq) {
                  x.schema = schema;
                  consumer(std::move(x), seq);
                });
                b.run([&](Batch&& x, size_t seq) {
                  x.schema = schema;
                  consumer(std::move(x), seq + (size_t{1} << 50));
                });
              },
              sharded};
    }
  }
  ThrowError("unsupported plan node");
}

}  // namespace

namespace {

Table Run(const PlanPtr& plan, bool gather, bool* sharded) {
  PlanPtr optimized = Optimize(plan);
  Stream stream = Build(optimized);
  if (gather) stream = Gathered(stream);
  *sharded = stream.sharded;
  std::vector<Batch> batches = Collect(stream);
  // Pruning may leave extra columns (filter inputs) below the top: select the promised ones.
  const Schema& want = *plan->schema;
  const Schema& have = *stream.schema;
  if (!(want == have)) {
    std::vector<size_t> index;
    for (const auto& f : want.fields()) {
      int i = have.IndexOf(f.name);
      TALLY_ASSERT(i >= 0);
      index.push_back(static_cast<size_t>(i));
    }
    for (auto& b : batches) {
      std::vector<ColumnPtr> cols;
      for (size_t i : index) cols.push_back(b.columns[i]);
      b.columns = std::move(cols);
    }
  }
  for (auto& b : batches) b.schema = plan->schema;
  return Table(plan->schema, std::move(batches));
}

}  // namespace

Table Execute(const PlanPtr& plan) {
  bool sharded;
  return Run(plan, true, &sharded);
}

Table ExecuteLocal(const PlanPtr& plan, bool* sharded) {
  return Run(plan, false, sharded);
}

}  // namespace tally
