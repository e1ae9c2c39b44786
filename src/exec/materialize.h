#pragma once
// Keeping a result for repeated scans (DataFrame::cache()). The batches stay in memory while
// they fit the memory budget, and that memory stays reserved for as long as the result is
// kept; past the budget every batch goes into a compressed spill file instead, which scans
// read back (decoding is much cheaper than parsing a CSV again).
#include <functional>
#include <memory>

#include "exec/data_source.h"
#include "exec/query_context.h"

namespace tally {

// Runs `run` to completion into a source. `rank_local`: the batches are this rank's share of a
// distributed result (DataSource::IsRankLocal).
class MaterializedSource;

// Collects batches (from any thread) into a source like Materialize's: in memory within the
// query's budget, else in a spill file; scanned in sequence order.
class BatchCollector {
 public:
  BatchCollector(std::shared_ptr<const Schema> schema, QueryContextPtr context);
  void Add(Batch&& b, size_t sequence);
  bool spilled() const;
  // The collected batches (call once, after the last Add).
  DataSourcePtr Finish();

 private:
  std::shared_ptr<MaterializedSource> source_;
};

// The memory stays reserved on the context's budget (the source keeps the context) while the
// source lives.
DataSourcePtr Materialize(std::shared_ptr<const Schema> schema,
                          const std::function<void(const BatchConsumer&)>& run, bool rank_local,
                          QueryContextPtr context);

}  // namespace tally
