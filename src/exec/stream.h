#pragma once
// The physical form of a plan: a stream of batches that runs (in parallel) into a consumer,
// and the small helpers the operators share to collect, split and replay batches.
#include <functional>
#include <memory>
#include <vector>

#include "exec/data_source.h"
#include "exec/query_context.h"
#include "exec/spill_file.h"

namespace tally {

// A source of batches that can run (in parallel) into a consumer. In a distributed run a
// stream is either sharded (each rank produces its own disjoint part of the rows) or
// replicated (every rank produces all rows). Blocking operators make their collective calls
// from the thread that calls `run`, in plan order, so all ranks call them alike.
struct Stream {
  std::shared_ptr<const Schema> schema;
  std::function<void(const BatchConsumer&)> run;
  bool sharded = false;
  // The query it belongs to: its budget, spill place, communicator and cancellation.
  QueryContextPtr context;
  // Whether its batches may carry a selection (Batch::selection).
  bool selective = false;
};

// The context of the query `stream` belongs to (every stream an operator receives has one).
QueryContext& ContextOf(const Stream& stream);

// Runs a stream to completion and returns its batches in sequence order.
std::vector<Batch> Collect(const Stream& stream);
// All of a stream's rows as one batch.
Batch CollectOne(const Stream& stream);
// A stream replaying batches (split into morsels), in parallel; with a context, it stops
// between batches when the query is cancelled.
Stream FromBatches(std::shared_ptr<const Schema> schema, std::vector<Batch> batches,
                   QueryContextPtr context = nullptr);
// The given rows of a batch, in that order.
Batch TakeBatch(const Batch& all, const std::vector<uint32_t>& rows);
// A stream over the batches of a spill file, read and decoded in parallel, of the query of
// `context`.
Stream SpillFileStream(SpillFilePtr file, QueryContextPtr context);

}  // namespace tally
