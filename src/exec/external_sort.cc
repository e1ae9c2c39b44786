#include "exec/external_sort.h"

#include <algorithm>
#include <mutex>

#include "common/memory_budget.h"
#include "exec/bound_expr.h"
#include "exec/column_util.h"
#include "exec/spill_file.h"

namespace tally {

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

namespace {

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
                     std::shared_ptr<const Schema> schema,
                     const std::function<void(Batch&&)>& consumer, const QueryContext& context) {
  std::vector<SortRunCursor> cursors(runs.size());
  auto load = [&](SortRunCursor& c) {
    if (c.block >= c.file->num_blocks()) return false;
    context.ThrowIfCancelled();
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
  size_t piece_cursor = SIZE_MAX, out_rows = 0;
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
    consumer(std::move(out));
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

}  // namespace

void SortRows(const Stream& input, const std::vector<SortSpec>& specs,
              std::shared_ptr<const Schema> schema, const std::function<void(Batch&&)>& consumer) {
  std::mutex mutex;
  std::vector<std::pair<size_t, Batch>> pending;
  std::vector<SpillFilePtr> runs;
  QueryContext& context = ContextOf(input);
  MemoryReservation reservation(context.budget());
  auto spill_run = [&] {
    SpillFilePtr run = std::make_shared<SpillFile>(schema, context.spill_temp_dir());
    Batch sorted = SortInMemory(std::move(pending), specs, schema);
    pending.clear();
    for (auto& b : SplitBatch(sorted, kDefaultBatchRows)) run->Append(b);
    runs.push_back(run);
    reservation.Reset();
  };
  input.run([&](Batch&& b, size_t seq) {
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
    consumer(SortInMemory(std::move(pending), specs, schema));
    return;
  }
  if (!pending.empty()) spill_run();
  reservation.Reset();
  MergeSortedRuns(std::move(runs), specs, schema, consumer, context);
}

}  // namespace tally
