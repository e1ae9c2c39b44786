#include "exec/executor.h"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>

#include "common/error.h"
#include "common/memory_budget.h"
#include "dist/byte_buffer.h"
#include "dist/communicator.h"
#include "exec/aggregate_function.h"
#include "exec/batch_filter.h"
#include "exec/bound_expr.h"
#include "exec/cardinality.h"
#include "exec/column_util.h"
#include "exec/distributed_sort.h"
#include "exec/exchange.h"
#include "exec/external_sort.h"
#include "exec/function_registry.h"
#include "exec/group_key_table.h"
#include "exec/hash_aggregate.h"
#include "exec/hash_join.h"
#include "exec/input_identity.h"
#include "exec/materialize.h"
#include "exec/optimizer.h"
#include "exec/shared_plan.h"
#include "exec/sort_keys.h"
#include "exec/spill_file.h"
#include "exec/stream.h"
#include "exec/top_n.h"
#include "exec/window.h"

namespace tally {
namespace {

Stream Build(const PlanPtr& node, const QueryContextPtr& ctx);
Stream BuildSelective(const PlanPtr& node, const QueryContextPtr& ctx);
Stream ResultStream(const PlanPtr& plan, const QueryContextPtr& ctx, bool gather, bool optimize);
Stream WithColumnsOf(Stream stream, const LogicalNode& want);

// A scan's pushed-down filter over its output, or null.
std::shared_ptr<const BatchFilter> ScanFilter(const ScanNode& node, const Schema& schema) {
  return node.filter ? std::make_shared<const BatchFilter>(PhysicalExpr(node.filter), schema)
                     : nullptr;
}

// A scan of a shared result: the first scan to run builds and runs the shared plan into its
// source, which keeps the result for the others (built only then, so that a chain of shared
// plans each read twice is built once each, not once per path). The result is whole on every
// rank of a distributed run.
Stream BuildSharedScan(const ScanNode& node, const SharedPlanSource& shared,
                       const QueryContextPtr& ctx) {
  auto schema = PhysicalSchema(node);
  auto filter = ScanFilter(node, *schema);
  DataSourcePtr keep = node.source;  // `shared` lives as long as the stream
  const SharedPlanSource* source = &shared;
  std::vector<int> columns = node.columns;
  QueryContextPtr context = ctx;
  return {schema,
          [=](const BatchConsumer& consumer) {
            (void)keep;
            DataSourcePtr result = source->Result([&] {
              Stream producer =
                  Gathered(WithColumnsOf(Build(source->plan(), context), *source->bound()));
              return Materialize(producer.schema, producer.run, false, context);
            });
            result->Scan(columns, nullptr, [&](Batch&& b, size_t seq) {
              context->ThrowIfCancelled();
              b.schema = schema;
              if (filter) b = filter->Apply(std::move(b));
              consumer(std::move(b), seq);
            });
          },
          false, ctx, filter != nullptr};
}

// With several ranks a scan reads this rank's share when the source can be split (or holds
// only this rank's rows already); other sources are read whole by every rank.
Stream BuildScan(const ScanNode& node, const QueryContextPtr& ctx) {
  if (const SharedPlanSource* shared = SharedSourceOf(node))
    return BuildSharedScan(node, *shared, ctx);
  DataSourcePtr source = node.source;
  std::vector<int> columns = node.columns;
  ExprPtr filter = node.filter;  // over the source's column names, for the source
  auto schema = PhysicalSchema(node);
  auto bound = ScanFilter(node, *schema);
  Communicator* comm = &ctx->communicator();
  QueryContext* context = ctx.get();
  bool share = comm->size() > 1 && !source->IsRankLocal() && source->CanScanShare();
  bool sharded = comm->size() > 1 && (source->IsRankLocal() || share);
  return {schema,
          [=](const BatchConsumer& consumer) {
            auto filtered = [&](Batch&& b, size_t seq) {
              context->ThrowIfCancelled();
              context->progress().batches_scanned.fetch_add(1, std::memory_order_relaxed);
              context->progress().rows_scanned.fetch_add(b.num_rows, std::memory_order_relaxed);
              b.schema = schema;
              if (bound) b = bound->Apply(std::move(b));
              consumer(std::move(b), seq);
            };
            if (share)
              source->ScanShare(columns, filter.get(), filtered, *comm);
            else
              source->Scan(columns, filter.get(), filtered);
          },
          sharded, ctx, bound != nullptr};
}

// `child` with each batch transformed; `selective`: whether the transform may give batches
// with a selection.
Stream Wrap(Stream child, std::shared_ptr<const Schema> schema,
            std::function<Batch(Batch&&)> transform, bool selective = false) {
  return {schema,
          [child, transform](const BatchConsumer& consumer) {
            child.run([&](Batch&& b, size_t seq) { consumer(transform(std::move(b)), seq); });
          },
          child.sharded, child.context, selective};
}

// Which columns of `input` the expressions read, for Compacted.
std::vector<uint8_t> ColumnsRead(const std::vector<ExprPtr>& exprs, const Schema& input) {
  std::set<ColumnId> ids;
  for (const auto& e : exprs)
    if (e) CollectColumnIds(*e, &ids);
  std::vector<uint8_t> used(input.size(), 0);
  for (ColumnId id : ids) {
    int i = input.IndexOf(PhysicalName(id));
    if (i >= 0) used[static_cast<size_t>(i)] = 1;
  }
  return used;
}

// A selective stream's batches made plain, copying only the columns `exprs` read (the others
// are left empty): for an operator that reads its input through those expressions only.
Stream CompactedFor(Stream child, const std::vector<ExprPtr>& exprs) {
  if (!child.selective) return child;
  auto used = std::make_shared<const std::vector<uint8_t>>(ColumnsRead(exprs, *child.schema));
  return Wrap(child, child.schema,
              [used](Batch&& b) { return Compacted(std::move(b), used.get()); });
}

// A sharded input is aggregated across ranks (the result stays sharded by key).
Stream AggregateStream(Stream child, AggregatePlan plan, std::shared_ptr<const Schema> schema) {
  if (child.sharded) {
    Communicator* comm = &ContextOf(child).communicator();
    return {schema,
            [child, plan, schema, comm](const BatchConsumer& consumer) {
              FromBatches(schema, ExchangeAggregate(child, plan, schema, *comm), child.context)
                  .run(consumer);
            },
            true, child.context};
  }
  return {schema,
          [child, plan, schema](const BatchConsumer& consumer) {
            FromBatches(schema, HashAggregate(child, plan, schema), child.context).run(consumer);
          },
          false, child.context};
}

Stream BuildAggregate(const AggregateNode& node, const QueryContextPtr& ctx) {
  Stream child = CompactedFor(BuildSelective(node.children[0], ctx), node.Expressions());
  AggregatePlan plan;
  plan.budget = &ctx->budget();
  for (const auto& k : node.keys) {
    plan.keys.push_back(Bind(*PhysicalExpr(k), *child.schema));
    plan.key_types.push_back(plan.keys.back()->type());
  }
  for (const auto& a : node.aggregates) {
    const ExprNode& call = StripAlias(*a);
    BoundExprPtr arg =
        call.args.empty() ? nullptr : Bind(*PhysicalExpr(call.args[0]), *child.schema);
    plan.args.push_back(arg);
    DataType input = arg ? arg->type() : DataType::Int64();
    plan.functions.push_back(
        BuiltinFunctions().MakeAggregate(call.name, arg ? &input : nullptr, call.param));
  }
  return AggregateStream(child, plan, PhysicalSchema(node));
}

Stream BuildDistinct(const LogicalNode& node, const QueryContextPtr& ctx) {
  Stream child = Build(node.children[0], ctx);
  AggregatePlan plan;
  plan.budget = &ctx->budget();
  for (size_t i = 0; i < child.schema->size(); ++i) {
    plan.keys.push_back(Bind(*MakeColumnRef(child.schema->field(i).name), *child.schema));
    plan.key_types.push_back(child.schema->field(i).type);
  }
  return AggregateStream(child, plan, child.schema);
}

// ---- sort, limit ----

// Hands ordered batches on in parallel morsels, numbered in order.
std::function<void(Batch&&)> InMorsels(const BatchConsumer& consumer, size_t* sequence) {
  return [&consumer, sequence](Batch&& ordered) {
    std::vector<Batch> morsels = SplitBatch(ordered, kDefaultBatchRows);
    tbb::parallel_for(size_t{0}, morsels.size(), [&](size_t i) {
      Batch b = morsels[i];
      consumer(std::move(b), *sequence + i);
    });
    *sequence += morsels.size();
  };
}

std::vector<SortSpec> PhysicalSortSpecs(std::vector<SortSpec> specs) {
  for (auto& s : specs) s.expr = PhysicalExpr(s.expr);
  return specs;
}

// A sharded input is sorted across the ranks: the result stays sharded, rank r's rows before
// rank r + 1's.
Stream BuildSort(const SortNode& node, const QueryContextPtr& ctx) {
  Stream child = Build(node.children[0], ctx);
  auto specs = PhysicalSortSpecs(node.keys);
  auto schema = child.schema;
  if (child.sharded) {
    Communicator* comm = &ctx->communicator();
    return {schema,
            [child, specs, schema, comm](const BatchConsumer& consumer) {
              size_t sequence = 0;
              SortAcrossRanks(child, specs, schema, *comm, InMorsels(consumer, &sequence));
            },
            true, ctx};
  }
  return {schema,
          [child, specs, schema](const BatchConsumer& consumer) {
            size_t sequence = 0;
            SortRows(child, specs, schema, InMorsels(consumer, &sequence));
          },
          false, ctx};
}

// Up to this many rows, ORDER BY ... LIMIT keeps only the best rows (top-N) instead of sorting
// everything; beyond it the external sort (which honours the memory budget) does the work.
constexpr int64_t kMaxTopNRows = 1 << 20;

// The rows of `batches` after the first `offset`.
std::vector<Batch> SkipRows(std::vector<Batch> batches, size_t offset) {
  std::vector<Batch> out;
  for (auto& b : batches) {
    if (offset >= b.num_rows) {
      offset -= b.num_rows;
      continue;
    }
    if (offset > 0) {
      std::vector<uint32_t> rows;
      for (size_t r = offset; r < b.num_rows; ++r) rows.push_back(static_cast<uint32_t>(r));
      b = TakeBatch(b, rows);
      offset = 0;
    }
    out.push_back(std::move(b));
  }
  return out;
}

Stream BuildLimit(const LimitNode& node, const QueryContextPtr& ctx) {
  const LogicalNode& below = *node.children[0];
  // Rows to take before skipping the offset (no limit: all of them).
  size_t offset = static_cast<size_t>(node.offset);
  size_t n = node.limit < 0 ? SIZE_MAX : static_cast<size_t>(node.limit) + offset;
  auto schema = PhysicalSchema(node);
  if (below.kind == PlanKind::kSort && node.limit >= 0 && n <= kMaxTopNRows) {
    auto specs = PhysicalSortSpecs(below.As<SortNode>().keys);
    Stream input = Build(below.children[0], ctx);
    if (input.sharded) {
      // Each rank's best n rows, then the best n of those: a rank sends n rows, not its share.
      // Ties stay in input order, rank by rank, as the whole input gathered would have them.
      Stream all = input;
      input.run = [all, specs, n](const BatchConsumer& consumer) {
        TopNRows(all, specs, n, all.schema, [&](Batch&& best) { consumer(std::move(best), 0); });
      };
    }
    input = Gathered(input);
    return {schema,
            [input, specs, n, offset, schema](const BatchConsumer& consumer) {
              size_t sequence = 0;
              auto emit = InMorsels(consumer, &sequence);
              if (offset == 0) return TopNRows(input, specs, n, schema, emit);
              std::vector<Batch> best;
              TopNRows(input, specs, n, schema, [&](Batch&& b) { best.push_back(std::move(b)); });
              for (auto& b : SkipRows(std::move(best), offset)) emit(std::move(b));
            },
            false, ctx};
  }
  Stream child = Build(node.children[0], ctx);
  if (child.sharded && n != SIZE_MAX) {
    // Each rank's first n rows, then the first n of those in rank order.
    Stream all = child;
    child.run = [all, n](const BatchConsumer& consumer) {
      size_t sequence = 0;
      for (Batch& b : FirstRows(all, n)) consumer(std::move(b), sequence++);
    };
  }
  child = Gathered(child);
  return {schema,
          [child, n, offset, schema](const BatchConsumer& consumer) {
            FromBatches(schema, SkipRows(FirstRows(child, n), offset), child.context).run(consumer);
          },
          false, ctx};
}

// ---- window ----

// A window over a sharded input with PARTITION BY keys: rows are shuffled by a hash of those
// keys, so each partition is whole on one rank, which computes it; the result stays sharded.
// Without partition keys the window needs every row in order: the input is gathered.
Stream BuildWindow(const WindowNode& node, const QueryContextPtr& ctx) {
  Stream child = Build(node.children[0], ctx);
  auto schema = PhysicalSchema(node);
  WindowNode window = node;  // with its expressions over the input's physical columns
  window.RewriteExpressions(PhysicalExpr);
  bool shuffle = child.sharded && !window.partition_by.empty();
  if (const auto& profile = ctx->profile())
    if (child.sharded)
      profile->For(static_cast<const LogicalNode*>(&node)).distribution =
          shuffle ? "shuffled by partition" : "gathered";
  if (shuffle) {
    std::vector<BoundExprPtr> keys;
    for (const auto& p : window.partition_by) keys.push_back(Bind(*p, *child.schema));
    child = ShuffledByKeys(child, keys);
  } else {
    child = Gathered(child);
  }
  return {schema,
          [child, window, schema](const BatchConsumer& consumer) {
            size_t sequence = 0;
            EvaluateWindow(child, window, schema, InMorsels(consumer, &sequence));
          },
          shuffle, ctx};
}

// ---- join ----

// Two sharded inputs with a large build side, or of a join that keeps the build side's
// unmatched rows, are both shuffled by key: each rank joins one key range of each, and the
// result is sharded. Otherwise the build side is made whole on
// every rank (broadcast), so a sharded probe side gives a sharded result. A mark join always
// broadcasts: its NULL rule looks at all of the build side's keys.
bool ShufflesJoin(const JoinNode& node, const Stream& left, const Stream& right,
                  const QueryContext& ctx) {
  if (!left.sharded || !right.sharded || node.left_keys.empty() || node.type == JoinType::kMark)
    return false;
  // A join that emits the build side's unmatched rows (right, full, right semi, right anti)
  // would otherwise gather its probe side onto every rank (see BuildJoin), each rank probing
  // all of it: shuffling both sides sends each row once and splits the work.
  if (node.type == JoinType::kRight || node.type == JoinType::kFull ||
      KeepsOnlyRightColumns(node.type))
    return true;
  EstimateCache estimates;
  return EstimateRows(*node.children[1]) >= static_cast<double>(ctx.broadcast_join_rows());
}

Stream BuildJoin(const JoinNode& node, const QueryContextPtr& ctx) {
  Stream left = Build(node.children[0], ctx);
  Stream right = Build(node.children[1], ctx);
  bool shuffle = ShufflesJoin(node, left, right, *ctx);
  if (const auto& profile = ctx->profile())
    if (left.sharded || right.sharded)
      profile->For(static_cast<const LogicalNode*>(&node)).distribution =
          shuffle ? "shuffled by key" : "broadcast";
  if (!shuffle) {
    right = Gathered(right);
    // The right rows without a match are known only once every left row has been seen.
    if (node.type == JoinType::kRight || node.type == JoinType::kFull ||
        KeepsOnlyRightColumns(node.type))
      left = Gathered(left);
  }
  JoinSpec spec;
  spec.schema = PhysicalSchema(node);
  spec.type = node.type;
  for (size_t i = 0; i < node.left_keys.size(); ++i) {
    ExprPtr left_key = PhysicalExpr(node.left_keys[i]);
    ExprPtr right_key = PhysicalExpr(node.right_keys[i]);
    DataType common =
        CommonType({ResultType(*left_key, *left.schema), ResultType(*right_key, *right.schema)});
    spec.left_keys.push_back(Bind(*MakeCast(left_key, common), *left.schema));
    spec.right_keys.push_back(Bind(*MakeCast(right_key, common), *right.schema));
    spec.key_types.push_back(common);
  }
  if (node.condition) {
    std::vector<Field> both = left.schema->fields();
    for (const auto& f : right.schema->fields()) both.push_back(f);
    spec.condition = Bind(*PhysicalExpr(node.condition), Schema(both));
  }
  if (shuffle) {
    left = ShuffledByKeys(left, spec.left_keys);
    right = ShuffledByKeys(right, spec.right_keys);
  }
  return {
      spec.schema,
      [left, right, spec](const BatchConsumer& consumer) { HashJoin(left, right, spec, consumer); },
      left.sharded, ctx};
}

// A projection of plain columns keeps its input's selection; one that computes copies only the
// columns it reads.
Stream BuildProject(const ProjectNode& node, const QueryContextPtr& ctx) {
  Stream child = BuildSelective(node.children[0], ctx);
  std::vector<BoundExprPtr> exprs;
  bool plain = true;
  for (const auto& e : node.exprs) {
    exprs.push_back(Bind(*PhysicalExpr(e), *child.schema));
    plain = plain && exprs.back()->ColumnIndex() >= 0;
  }
  auto schema = PhysicalSchema(node);
  if (plain)
    return Wrap(
        child, schema,
        [exprs, schema](Batch&& b) {
          std::vector<ColumnPtr> columns;
          for (const auto& e : exprs) columns.push_back(b.columns[e->ColumnIndex()]);
          b.columns = std::move(columns);
          b.schema = schema;
          return std::move(b);
        },
        child.selective);
  return Wrap(CompactedFor(child, node.exprs), schema, [exprs, schema](Batch&& b) {
    Batch out;
    out.schema = schema;
    out.num_rows = b.num_rows;
    for (const auto& e : exprs) out.columns.push_back(e->EvaluateColumn(b));
    return out;
  });
}

Stream BuildNode(const PlanPtr& plan, const QueryContextPtr& ctx) {
  const LogicalNode& node = *plan;
  switch (node.kind) {
    case PlanKind::kScan:
      return BuildScan(node.As<ScanNode>(), ctx);
    case PlanKind::kFilter: {
      Stream child = BuildSelective(node.children[0], ctx);
      auto filter = std::make_shared<const BatchFilter>(
          PhysicalExpr(node.As<FilterNode>().predicate), *child.schema);
      return Wrap(
          child, child.schema, [filter](Batch&& b) { return filter->Apply(std::move(b)); }, true);
    }
    case PlanKind::kProject:
      return BuildProject(node.As<ProjectNode>(), ctx);
    case PlanKind::kAggregate:
      return BuildAggregate(node.As<AggregateNode>(), ctx);
    case PlanKind::kDistinct:
      return BuildDistinct(node, ctx);
    case PlanKind::kSort:
      return BuildSort(node.As<SortNode>(), ctx);
    case PlanKind::kLimit:
      return BuildLimit(node.As<LimitNode>(), ctx);
    case PlanKind::kWindow:
      return BuildWindow(node.As<WindowNode>(), ctx);
    case PlanKind::kJoin:
      return BuildJoin(node.As<JoinNode>(), ctx);
    case PlanKind::kUnion: {
      Stream a = Build(node.children[0], ctx);
      Stream b = Build(node.children[1], ctx);
      // Sharded with sharded stays sharded; a mix is made whole on every rank.
      if (a.sharded != b.sharded) {
        a = Gathered(a);
        b = Gathered(b);
      }
      auto schema = PhysicalSchema(node);
      bool sharded = a.sharded;
      return {schema,
              [a, b, schema](const BatchConsumer& consumer) {
                // The right side's sequence numbers come after all of the left's: after the
                // largest the left used (a fixed offset collided in a union of unions, whose
                // left side already used it, and interleaved the rows).
                std::atomic<size_t> after_left{0};
                a.run([&](Batch&& x, size_t seq) {
                  x.schema = schema;
                  size_t next = seq + 1, seen = after_left.load();
                  while (next > seen && !after_left.compare_exchange_weak(seen, next)) {
                  }
                  consumer(std::move(x), seq);
                });
                const size_t offset = after_left.load();
                b.run([&](Batch&& x, size_t seq) {
                  x.schema = schema;
                  consumer(std::move(x), seq + offset);
                });
              },
              sharded, ctx};
    }
    case PlanKind::kDependentJoin:
      ThrowError("internal error: a correlated subquery reached the executor undecorrelated");
  }
  ThrowError("unsupported plan node");
}

// The stream, counting its rows and timing its run into `stats`.
Stream Profiled(Stream stream, std::shared_ptr<PlanProfile> profile, OperatorProfile& stats) {
  Stream inner = stream;
  stats.sharded = stream.sharded;
  stream.run = [inner, profile, &stats](const BatchConsumer& consumer) {
    auto start = std::chrono::steady_clock::now();
    ++stats.runs;
    inner.run([&](Batch&& b, size_t seq) {
      stats.rows += b.num_rows;
      consumer(std::move(b), seq);
    });
    stats.nanoseconds += std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now() - start)
                             .count();
  };
  return stream;
}

// Every stream of the plan belongs to the query. Its batches may carry selections, for the
// operators that read their input only through expressions.
Stream BuildSelective(const PlanPtr& plan, const QueryContextPtr& ctx) {
  Stream stream = BuildNode(plan, ctx);
  if (!stream.context) stream.context = ctx;
  if (const auto& profile = ctx->profile())
    stream = Profiled(std::move(stream), profile, profile->For(plan.get()));
  return stream;
}

// The stream with plain batches, for every other operator.
Stream Build(const PlanPtr& plan, const QueryContextPtr& ctx) {
  Stream stream = BuildSelective(plan, ctx);
  if (!stream.selective) return stream;
  return Wrap(stream, stream.schema, [](Batch&& b) { return Compacted(std::move(b)); });
}

}  // namespace

namespace {

// `stream` with exactly `want`'s columns, by id, in its order, under its names (pruning may
// leave extra columns, such as filter inputs, below the top).
Stream WithColumnsOf(Stream stream, const LogicalNode& want) {
  auto schema = want.schema;
  const Schema& have = *stream.schema;
  std::vector<size_t> index;
  for (ColumnId id : want.ids) {
    int i = have.IndexOf(PhysicalName(id));
    TALLY_ASSERT(i >= 0);
    index.push_back(static_cast<size_t>(i));
  }
  return Wrap(stream, schema, [index, schema](Batch&& b) {
    std::vector<ColumnPtr> columns;
    for (size_t i : index) columns.push_back(b.columns[i]);
    b.columns = std::move(columns);
    b.schema = schema;
    return std::move(b);
  });
}

// The plan's stream with exactly the promised columns.
Stream ResultStream(const PlanPtr& plan, const QueryContextPtr& ctx, bool gather, bool optimize) {
  // Without the optimizer, correlated subqueries are still decorrelated: nothing runs them as
  // they are written.
  Stream stream = Build(optimize ? Optimize(plan) : Decorrelate(plan), ctx);
  if (gather) stream = Gathered(stream);
  return WithColumnsOf(stream, *plan);
}

QueryContextPtr OrDefault(QueryContextPtr context) {
  return context ? std::move(context) : QueryContext::Default();
}

}  // namespace

Table Execute(const PlanPtr& plan, QueryContextPtr context) {
  SharedResultsRelease release(plan);
  return ExecuteKeepingShared(plan, std::move(context));
}

Table ExecuteKeepingShared(const PlanPtr& plan, QueryContextPtr context) {
  context = OrDefault(std::move(context));
  context->ThrowIfCancelled();
  CheckInputsAgree(*plan, context->communicator());
  return Table(plan->schema, Collect(ResultStream(plan, context, true, true)));
}

std::string ExplainAnalyze(const PlanPtr& plan, QueryContextPtr context) {
  SharedResultsRelease release(plan);
  context = OrDefault(std::move(context));
  context->ThrowIfCancelled();
  CheckInputsAgree(*plan, context->communicator());
  PlanPtr optimized = Optimize(plan);
  auto profile = std::make_shared<PlanProfile>();
  context->set_profile(profile);
  auto start = std::chrono::steady_clock::now();
  size_t rows = 0;
  try {
    for (const Batch& b : Collect(ResultStream(optimized, context, true, false)))
      rows += b.num_rows;
  } catch (...) {
    context->set_profile(nullptr);
    throw;
  }
  double total_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  context->set_profile(nullptr);
  // In a distributed run the rows of an operator whose ranks each made a part are the sum over
  // the ranks (times stay this rank's).
  std::map<const LogicalNode*, uint64_t> rows_of;
  std::vector<const LogicalNode*> nodes;
  std::function<void(const LogicalNode&)> walk = [&](const LogicalNode& n) {
    nodes.push_back(&n);
    for (const auto& c : n.children) walk(*c);
  };
  walk(*optimized);
  // The shared plans' operators too (their results are computed by the first scan that runs).
  std::set<const LogicalNode*> shared_nodes;
  for (const SharedPlanSource* shared : SharedSourcesIn(*optimized)) {
    size_t before = nodes.size();
    walk(*shared->plan());
    shared_nodes.insert(nodes.begin() + static_cast<std::ptrdiff_t>(before), nodes.end());
  }
  std::string mine;
  for (const LogicalNode* n : nodes) {
    const OperatorProfile* stats = profile->Find(n);
    bool counted = stats && (stats->sharded || context->communicator().rank() == 0);
    PutValue<uint64_t>(&mine, counted ? stats->rows.load() : 0);
  }
  for (const std::string& part : context->communicator().AllGather(mine)) {
    ByteReader in(part);
    for (const LogicalNode* n : nodes) rows_of[n] += in.Get<uint64_t>();
  }
  std::string out = ExplainWithEstimates(optimized, [&](const LogicalNode& node) -> std::string {
    const OperatorProfile* stats = profile->Find(&node);
    if (!stats && shared_nodes.count(&node))
      return "(computed before this run, for a subquery of the statement)";
    if (!stats) return "(done by the operator above)";
    std::string distribution =
        *stats->distribution ? fmt::format(" ({})", stats->distribution) : std::string();
    return fmt::format("(actual rows={} time={:.1f} ms){}",
                       WithThousands(static_cast<double>(rows_of[&node])),
                       static_cast<double>(stats->nanoseconds.load()) / 1e6, distribution);
  });
  return out +
         fmt::format("Execution: {} {} in {:.1f} ms\n", rows, rows == 1 ? "row" : "rows", total_ms);
}

Table ExecuteWithoutOptimizer(const PlanPtr& plan) {
  // Shared results run as bound, too, in sources of their own.
  PlanPtr renewed = UnoptimizedSharedPlans(plan);
  return Table(plan->schema, Collect(ResultStream(renewed, QueryContext::Default(), true, false)));
}

DataSourcePtr ExecuteToSource(const PlanPtr& plan, QueryContextPtr context) {
  SharedResultsRelease release(plan);
  context = OrDefault(std::move(context));
  CheckInputsAgree(*plan, context->communicator());
  Stream stream = ResultStream(plan, context, false, true);
  return Materialize(stream.schema, stream.run, stream.sharded, context);
}

}  // namespace tally
