#include "exec/stream.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <mutex>

#include "common/error.h"
#include "exec/column_util.h"

namespace tally {

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

QueryContext& ContextOf(const Stream& stream) {
  TALLY_ASSERT(stream.context != nullptr);
  return *stream.context;
}

Stream FromBatches(std::shared_ptr<const Schema> schema, std::vector<Batch> batches,
                   QueryContextPtr context) {
  auto shared = std::make_shared<std::vector<Batch>>();
  for (auto& b : batches)
    for (auto& s : SplitBatch(b, kDefaultBatchRows)) shared->push_back(std::move(s));
  return {schema,
          [shared, context](const BatchConsumer& consumer) {
            tbb::parallel_for(size_t{0}, shared->size(), [&](size_t i) {
              if (context) context->ThrowIfCancelled();
              Batch b = (*shared)[i];
              consumer(std::move(b), i);
            });
          },
          false, context};
}

Batch TakeBatch(const Batch& all, const std::vector<uint32_t>& rows) {
  TALLY_ASSERT(!all.selection);  // operators that take selections never get here
  Batch out;
  out.schema = all.schema;
  out.num_rows = rows.size();
  for (const auto& c : all.columns) out.columns.push_back(GatherRows(*c, rows.data(), rows.size()));
  return out;
}

Stream SpillFileStream(SpillFilePtr file, QueryContextPtr context) {
  return {file->schema(),
          [file, context](const BatchConsumer& consumer) {
            tbb::parallel_for(size_t{0}, file->num_blocks(), [&](size_t i) {
              context->ThrowIfCancelled();
              consumer(file->ReadBlock(i), i);
            });
          },
          false, context};
}

}  // namespace tally
