#include "exec/top_n.h"

#include <algorithm>
#include <map>
#include <mutex>

#include "exec/column_util.h"
#include "exec/external_sort.h"
#include "exec/sort_keys.h"

namespace tally {
namespace {

// An ascending, never-NULL sort key over the given words: the input position that breaks ties.
SortKeyColumn PositionKey(std::vector<uint64_t> words) {
  SortKeyColumn key;
  key.nulls.assign(words.size(), 0);
  key.words = std::move(words);
  return key;
}

// The rows kept so far: the best `n` in order, with each row's input position (batch sequence
// number and row in that batch), which orders ties as the stable sort does.
struct Kept {
  Batch rows;
  std::vector<uint64_t> sequences, row_numbers;
};

}  // namespace

void TopNRows(const Stream& input, const std::vector<SortSpec>& specs, size_t n,
              std::shared_ptr<const Schema> schema, const std::function<void(Batch&&)>& consumer) {
  std::mutex mutex;
  Kept kept;
  kept.rows = Batch::Empty(schema);
  std::vector<std::pair<size_t, Batch>> pending;
  size_t pending_rows = 0;
  // Sorts what is kept and what arrived together and keeps the first n.
  auto compact = [&] {
    std::vector<Batch> parts = {kept.rows};
    std::vector<uint64_t> sequences = kept.sequences, row_numbers = kept.row_numbers;
    for (auto& [seq, batch] : pending) {
      for (size_t i = 0; i < batch.num_rows; ++i) {
        sequences.push_back(seq);
        row_numbers.push_back(i);
      }
      parts.push_back(std::move(batch));
    }
    pending.clear();
    pending_rows = 0;
    Batch all = ConcatBatches(parts, schema);
    all.schema = schema;
    std::vector<ColumnPtr> alive;
    std::vector<SortKeyColumn> keys = EvaluateSortKeys(specs, all, &alive);
    keys.push_back(PositionKey(sequences));
    keys.push_back(PositionKey(row_numbers));
    std::vector<uint32_t> order = SortedRowOrder(keys, all.num_rows);
    order.resize(std::min(order.size(), n));
    kept.rows = TakeBatch(all, order);
    kept.sequences.clear();
    kept.row_numbers.clear();
    for (uint32_t row : order) {
      kept.sequences.push_back(sequences[row]);
      kept.row_numbers.push_back(row_numbers[row]);
    }
  };
  const size_t buffer_rows = std::max<size_t>(n, kDefaultBatchRows);
  input.run([&](Batch&& b, size_t seq) {
    if (b.num_rows == 0) return;
    b.schema = schema;
    std::lock_guard<std::mutex> lock(mutex);
    pending_rows += b.num_rows;
    pending.emplace_back(seq, std::move(b));
    if (pending_rows >= buffer_rows) compact();
  });
  compact();
  consumer(std::move(kept.rows));
}

std::vector<Batch> FirstRows(const Stream& input, size_t n) {
  std::mutex mutex;
  std::map<size_t, Batch> batches;  // by sequence number
  input.run([&](Batch&& b, size_t seq) {
    std::lock_guard<std::mutex> lock(mutex);
    // Batches after the point where the earlier ones already hold n rows cannot contribute.
    size_t rows = 0;
    auto it = batches.begin();
    for (; it != batches.end() && it->first < seq && rows < n; ++it) rows += it->second.num_rows;
    if (rows >= n) return;
    batches.emplace(seq, std::move(b));
    rows = 0;
    for (it = batches.begin(); it != batches.end() && rows < n; ++it) rows += it->second.num_rows;
    batches.erase(it, batches.end());
  });
  std::vector<Batch> out;
  size_t left = n;
  for (auto& [seq, b] : batches) {
    if (left == 0) break;
    Batch batch = std::move(b);
    if (batch.num_rows > left) batch = SplitBatch(batch, left)[0];
    left -= batch.num_rows;
    out.push_back(std::move(batch));
  }
  return out;
}

}  // namespace tally
