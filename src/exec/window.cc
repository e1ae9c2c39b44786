#include "exec/window.h"

#include <algorithm>
#include <deque>

#include "exec/bound_expr.h"
#include "exec/column_util.h"
#include "exec/external_sort.h"
#include "exec/group_key_table.h"
#include "exec/window_partition.h"

namespace tally {
namespace {

Batch Slice(const Batch& b, size_t begin, size_t end) {
  std::vector<uint32_t> rows;
  for (size_t r = begin; r < end; ++r) rows.push_back(static_cast<uint32_t>(r));
  return TakeBatch(b, rows);
}

// The sorted batches in order, each evaluated once the rows after it are known.
class WindowEvaluator {
 public:
  WindowEvaluator(const WindowNode& window, std::shared_ptr<const Schema> input,
                  std::shared_ptr<const Schema> output,
                  const std::function<void(Batch&&)>& consumer)
      : function_(StripAlias(*window.function)),
        input_(std::move(input)),
        output_(std::move(output)),
        consumer_(consumer) {
    for (const auto& p : window.partition_by) partition_.push_back(Bind(*p, *input_));
    if (function_.name != "row_number") {
      argument_ = Bind(*function_.args[0], *input_);
      offset_ = static_cast<int64_t>(function_.param);
      if (function_.name == "lead") offset_ = -offset_;
    }
    context_ = static_cast<size_t>(std::max<int64_t>(1, std::abs(offset_)));
    before_.schema = input_;
    for (const auto& f : input_->fields()) before_.columns.push_back(Column::Make(f.type));
  }

  void Add(Batch&& sorted) {
    if (sorted.num_rows == 0) return;
    sorted.schema = input_;
    queued_rows_ += sorted.num_rows;
    queue_.push_back(std::move(sorted));
    // The front batch can be evaluated once `context_` rows follow it.
    while (!queue_.empty() && queued_rows_ - queue_.front().num_rows >= context_) EvaluateFront();
  }

  void Finish() {
    while (!queue_.empty()) EvaluateFront();
  }

 private:
  void EvaluateFront() {
    Batch current = std::move(queue_.front());
    queue_.pop_front();
    queued_rows_ -= current.num_rows;
    // Context: the last rows already emitted, the batch, the first rows after it.
    std::vector<Batch> pieces{before_, current};
    size_t after = 0;
    for (const Batch& next : queue_) {
      if (after >= context_) break;
      size_t take = std::min(next.num_rows, context_ - after);
      pieces.push_back(Slice(next, 0, take));
      after += take;
    }
    Batch all = ConcatBatches(pieces, input_);
    all.schema = input_;
    size_t n = all.num_rows, first = before_.num_rows, count = current.num_rows;
    // Rows are sorted by partition, so equal partition ids are contiguous.
    std::vector<uint32_t> part(n, 0);
    if (!partition_.empty()) {
      std::vector<ColumnPtr> columns;
      std::vector<const Column*> pointers;
      std::vector<DataType> types;
      for (const auto& p : partition_) {
        columns.push_back(p->EvaluateColumn(all));
        pointers.push_back(columns.back().get());
        types.push_back(columns.back()->type());
      }
      GroupKeyTable table(types);
      table.FindOrInsert(pointers, n, part.data());
    }
    ColumnPtr result;
    if (function_.name == "row_number") {
      std::vector<int64_t> number(n);
      for (size_t p = 0; p < n; ++p)
        number[p] = p < first                           ? before_numbers_[p]
                    : (p > 0 && part[p] == part[p - 1]) ? number[p - 1] + 1
                                                        : 1;
      result = MakeFixedColumn(DataType::Int64(), count);
      std::copy(number.begin() + static_cast<ptrdiff_t>(first),
                number.begin() + static_cast<ptrdiff_t>(first + count), result->data<int64_t>());
      before_numbers_.assign(number.begin() + static_cast<ptrdiff_t>(first + count - Keep(count)),
                             number.begin() + static_cast<ptrdiff_t>(first + count));
    } else {
      ColumnPtr values = argument_->EvaluateColumn(all);
      std::vector<uint32_t> source(count, kNoRow);
      for (size_t i = 0; i < count; ++i) {
        size_t p = first + i;
        int64_t q = static_cast<int64_t>(p) - offset_;
        if (q < 0 || q >= static_cast<int64_t>(n)) continue;
        if (part[static_cast<size_t>(q)] != part[p]) continue;
        source[i] = static_cast<uint32_t>(q);
      }
      result = GatherRows(*values, source.data(), count);
    }
    // The last rows of what was emitted are the next batch's context before it.
    size_t keep = Keep(count);
    before_ = Slice(all, first + count - keep, first + count);
    current.schema = output_;
    current.columns.push_back(result);
    consumer_(std::move(current));
  }

  // Context rows carried before the next batch: `context_` (or fewer at the start).
  size_t Keep(size_t count) const { return std::min(context_, before_.num_rows + count); }

  const ExprNode& function_;
  std::shared_ptr<const Schema> input_, output_;
  const std::function<void(Batch&&)>& consumer_;
  std::vector<BoundExprPtr> partition_;
  BoundExprPtr argument_;
  int64_t offset_ = 0;
  size_t context_ = 1;
  std::deque<Batch> queue_;
  size_t queued_rows_ = 0;
  Batch before_;                         // the last emitted rows (input columns)
  std::vector<int64_t> before_numbers_;  // their row numbers (row_number)
};

// Every other window function: the sorted rows are cut into whole partitions, several at a
// time, and each partition is evaluated at once (a frame or a ranking needs all its rows).
class PartitionEvaluator {
 public:
  PartitionEvaluator(const WindowNode& window, std::shared_ptr<const Schema> input,
                     std::shared_ptr<const Schema> output,
                     const std::function<void(Batch&&)>& consumer)
      : function_(StripAlias(*window.function)),
        frame_(window.frame),
        type_(output->field(output->size() - 1).type),
        input_(std::move(input)),
        output_(std::move(output)),
        consumer_(consumer) {
    for (const auto& p : window.partition_by) partition_.push_back(Bind(*p, *input_));
    peer_ = partition_;
    for (const auto& o : window.order_by) peer_.push_back(Bind(*o.expr, *input_));
    for (const auto& a : function_.args) arguments_.push_back(Bind(*a, *input_));
  }

  void Add(Batch&& sorted) {
    if (sorted.num_rows == 0) return;
    sorted.schema = input_;
    // Where partitions and peer groups start: compared with the row before (the last row of
    // the previous batch for the first row).
    bool first_batch = pending_rows_ == 0 && !has_last_;
    Batch keyed = first_batch ? sorted : ConcatBatches({last_, sorted}, input_);
    keyed.schema = input_;
    size_t skip = first_batch ? 0 : 1;
    std::vector<uint32_t> part = KeyIds(partition_, keyed), peer = KeyIds(peer_, keyed);
    for (size_t r = skip; r < keyed.num_rows; ++r) {
      bool new_partition = r == 0 || part[r] != part[r - 1];
      partition_start_.push_back(new_partition);
      peer_start_.push_back(new_partition || peer[r] != peer[r - 1]);
    }
    last_ = Slice(sorted, sorted.num_rows - 1, sorted.num_rows);
    has_last_ = true;
    pending_rows_ += sorted.num_rows;
    pending_.push_back(std::move(sorted));
    if (pending_rows_ < kChunkRows) return;
    // Evaluate the complete partitions; the last one may go on in the next batch.
    size_t cut = pending_rows_;
    while (cut > 0 && !partition_start_[cut - 1]) --cut;
    if (cut > 1) Flush(cut - 1);
  }

  void Finish() {
    if (pending_rows_ > 0) Flush(pending_rows_);
  }

 private:
  static constexpr size_t kChunkRows = 64 * 1024;

  // Group ids of the rows of `batch` by `keys` (equal keys: equal ids; all 0 without keys).
  static std::vector<uint32_t> KeyIds(const std::vector<BoundExprPtr>& keys, const Batch& batch) {
    std::vector<uint32_t> ids(batch.num_rows, 0);
    if (keys.empty()) return ids;
    std::vector<ColumnPtr> columns;
    std::vector<const Column*> pointers;
    std::vector<DataType> types;
    for (const auto& k : keys) {
      columns.push_back(k->EvaluateColumn(batch));
      pointers.push_back(columns.back().get());
      types.push_back(columns.back()->type());
    }
    GroupKeyTable table(types);
    table.FindOrInsert(pointers, batch.num_rows, ids.data());
    return ids;
  }

  // Evaluates and emits the first `rows` pending rows (whole partitions).
  void Flush(size_t rows) {
    Batch all = ConcatBatches(pending_, input_);
    all.schema = input_;
    Batch chunk = rows == all.num_rows ? all : Slice(all, 0, rows);
    chunk.schema = input_;
    std::vector<ColumnPtr> args;
    for (const auto& a : arguments_) args.push_back(a->EvaluateColumn(chunk));
    std::vector<ColumnPtr> results;
    for (size_t begin = 0; begin < rows;) {
      size_t end = begin + 1;
      while (end < rows && !partition_start_[end]) ++end;
      WindowPartition partition;
      partition.rows = end - begin;
      uint32_t group = 0;
      for (size_t r = begin; r < end; ++r) {
        if (r > begin && peer_start_[r]) ++group;
        partition.peer.push_back(group);
      }
      for (const auto& a : args) partition.args.push_back(a->Slice(begin, end - begin));
      results.push_back(EvaluateWindowPartition(function_, type_, frame_, partition));
      begin = end;
    }
    chunk.columns.push_back(ConcatColumns(results, type_));
    chunk.schema = output_;
    // Keep the rest.
    pending_.clear();
    if (rows < all.num_rows) {
      pending_.push_back(Slice(all, rows, all.num_rows));
      pending_.back().schema = input_;
    }
    pending_rows_ -= rows;
    partition_start_.erase(partition_start_.begin(),
                           partition_start_.begin() + static_cast<ptrdiff_t>(rows));
    peer_start_.erase(peer_start_.begin(), peer_start_.begin() + static_cast<ptrdiff_t>(rows));
    consumer_(std::move(chunk));
  }

  const ExprNode& function_;
  WindowFrame frame_;
  DataType type_;
  std::shared_ptr<const Schema> input_, output_;
  const std::function<void(Batch&&)>& consumer_;
  std::vector<BoundExprPtr> partition_, peer_, arguments_;
  std::vector<Batch> pending_;  // sorted rows not yet evaluated
  size_t pending_rows_ = 0;
  std::vector<bool> partition_start_, peer_start_;  // per pending row
  Batch last_;                                      // the last row added
  bool has_last_ = false;
};

// row_number, and lag / lead without a default, stream with a few rows of context.
bool Streams(const ExprNode& function) {
  if (function.name == "row_number") return true;
  return (function.name == "lag" || function.name == "lead") && function.args.size() == 1;
}

}  // namespace

void EvaluateWindow(const Stream& input, const WindowNode& window,
                    std::shared_ptr<const Schema> schema,
                    const std::function<void(Batch&&)>& consumer) {
  std::vector<SortSpec> order;
  for (const auto& p : window.partition_by) order.push_back({p, true, true});
  for (const auto& o : window.order_by) order.push_back(o);
  if (Streams(StripAlias(*window.function))) {
    WindowEvaluator evaluator(window, input.schema, std::move(schema), consumer);
    SortRows(input, order, input.schema, [&](Batch&& sorted) { evaluator.Add(std::move(sorted)); });
    evaluator.Finish();
    return;
  }
  PartitionEvaluator evaluator(window, input.schema, std::move(schema), consumer);
  SortRows(input, order, input.schema, [&](Batch&& sorted) { evaluator.Add(std::move(sorted)); });
  evaluator.Finish();
}

}  // namespace tally
