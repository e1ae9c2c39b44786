#include "exec/window.h"

#include <algorithm>
#include <deque>

#include "exec/bound_expr.h"
#include "exec/column_util.h"
#include "exec/external_sort.h"
#include "exec/group_key_table.h"

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
  WindowEvaluator(const LogicalNode& window, std::shared_ptr<const Schema> input,
                  std::shared_ptr<const Schema> output,
                  const std::function<void(Batch&&)>& consumer)
      : function_(StripAlias(*window.window_function)),
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

}  // namespace

void EvaluateWindow(const Stream& input, const LogicalNode& window,
                    std::shared_ptr<const Schema> schema,
                    const std::function<void(Batch&&)>& consumer) {
  std::vector<SortSpec> order;
  for (const auto& p : window.partition_by) order.push_back({p, true, true});
  for (const auto& o : window.sort_keys) order.push_back(o);
  WindowEvaluator evaluator(window, input.schema, std::move(schema), consumer);
  SortRows(input, order, input.schema, [&](Batch&& sorted) { evaluator.Add(std::move(sorted)); });
  evaluator.Finish();
}

}  // namespace tally
