#include "exec/distributed_sort.h"

#include <algorithm>

#include "exec/bound_expr.h"
#include "exec/column_util.h"
#include "exec/exchange.h"
#include "exec/external_sort.h"
#include "exec/sort_keys.h"
#include "exec/spill_file.h"

namespace tally {
namespace {

// Sample rows each rank contributes per rank of the run: enough that the splitters cut the
// key range into nearly equal parts.
constexpr size_t kSamplesPerRank = 64;

// The sort keys of `rows` as a batch of columns k0, k1, ...
Batch KeyColumns(const std::vector<SortSpec>& specs, const Batch& rows) {
  std::vector<Field> fields;
  Batch keys;
  keys.num_rows = rows.num_rows;
  for (size_t k = 0; k < specs.size(); ++k) {
    BoundExprPtr bound = Bind(*specs[k].expr, *rows.schema);
    fields.push_back({"k" + std::to_string(k), bound->type(), true});
    keys.columns.push_back(bound->EvaluateColumn(rows));
  }
  keys.schema = std::make_shared<const Schema>(fields);
  return keys;
}

std::vector<SortKeyColumn> Comparable(const std::vector<SortSpec>& specs, const Batch& keys) {
  std::vector<SortKeyColumn> out;
  for (size_t k = 0; k < specs.size(); ++k)
    out.push_back(MakeSortKeyColumn(*keys.columns[k], specs[k].ascending, specs[k].nulls_first));
  return out;
}

}  // namespace

void SortAcrossRanks(const Stream& input, const std::vector<SortSpec>& specs,
                     std::shared_ptr<const Schema> schema, Communicator& comm,
                     const std::function<void(Batch&&)>& consumer) {
  const size_t ranks = static_cast<size_t>(comm.size());
  Batch mine = CollectOne(input);
  mine.schema = schema;
  Batch keys = KeyColumns(specs, mine);

  // Evenly spaced rows of this rank's input as its sample; the pooled samples in rank order.
  std::vector<uint32_t> picked;
  size_t want = std::min(mine.num_rows, kSamplesPerRank * ranks);
  for (size_t i = 0; i < want; ++i)
    picked.push_back(static_cast<uint32_t>(i * mine.num_rows / want));
  std::vector<Batch> samples;
  for (const std::string& part : comm.AllGather(EncodeBatch(TakeBatch(keys, picked))))
    samples.push_back(DecodeBatch(part, keys.schema));
  Batch pooled = ConcatBatches(samples, keys.schema);
  std::vector<SortKeyColumn> pooled_keys = Comparable(specs, pooled);
  std::vector<uint32_t> order = SortedRowOrder(pooled_keys, pooled.num_rows);
  // Splitter r (r = 1 .. ranks - 1) starts rank r's range.
  std::vector<uint32_t> splitters;
  for (size_t r = 1; r < ranks && !order.empty(); ++r)
    splitters.push_back(order[r * order.size() / ranks]);

  // Each row goes to the rank of the last splitter not after it (rank 0 before the first).
  std::vector<SortKeyColumn> row_keys = Comparable(specs, keys);
  std::vector<std::vector<uint32_t>> to_rank(ranks);
  for (size_t row = 0; row < mine.num_rows; ++row) {
    size_t low = 0, high = splitters.size();
    while (low < high) {
      size_t mid = (low + high) / 2;
      if (CompareSortRows(pooled_keys, splitters[mid], row_keys, row) <= 0)
        low = mid + 1;
      else
        high = mid;
    }
    to_rank[low].push_back(static_cast<uint32_t>(row));
  }
  std::vector<std::string> send(ranks);
  AppendRowsForRanks(mine, to_rank, &send);
  keys = Batch();
  mine = Batch();
  std::vector<Batch> received = DecodeMessages(comm.AllToAll(std::move(send)), schema);
  // The received rows in the order of the ranks they came from: the stable sort keeps that
  // order among equal keys.
  SortRows(FromBatches(schema, std::move(received), input.context), specs, schema, consumer);
}

}  // namespace tally
