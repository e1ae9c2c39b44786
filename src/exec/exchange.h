#pragma once
// Exchange between the ranks of a distributed run (see dist/communicator.h): gathering a
// sharded stream whole on every rank, and aggregating a sharded stream across ranks.
#include <memory>
#include <string>
#include <vector>

#include "dist/communicator.h"
#include "exec/bound_expr.h"
#include "exec/hash_aggregate.h"
#include "exec/stream.h"

namespace tally {

// Every rank's rows of a sharded stream on every rank (in rank order), for operators that need
// all rows in one place (sort, window, limit, a join's build side, the final result). A
// replicated stream is returned as it is.
Stream Gathered(Stream child);

// Appends rows to_rank[r] of `batch` to messages[r] (encoded batches, one after another), for
// an AllToAll that sends rows to ranks.
void AppendRowsForRanks(const Batch& batch, const std::vector<std::vector<uint32_t>>& to_rank,
                        std::vector<std::string>* messages);
// The batches of messages made by AppendRowsForRanks (or of encoded batches put one after
// another), in order.
std::vector<Batch> DecodeMessages(const std::vector<std::string>& messages,
                                  const std::shared_ptr<const Schema>& schema);

// Every row of a sharded stream sent to the rank its key hashes to: `keys` (bound over the
// stream's columns) of equal values, on whichever side of a join, go to the same rank. The
// result is sharded by key; the rows a rank receives come in the order of the ranks they came
// from. Collective.
Stream ShuffledByKeys(Stream input, std::vector<BoundExprPtr> keys);

// Distributed aggregation: each rank aggregates its share into partial states, sends each
// group's partial state to the rank that owns the group (by a hash of the key, so all partials
// of a group meet on one rank), and that rank combines and finalizes them. The result is
// sharded by key. Holistic states carry their values, so results are exact. A global aggregate
// (no keys) spreads its aggregates over the ranks to finalize and returns its row on rank 0. When a
// rank's partial states would pass the memory budget, all ranks split their rows by key hash into
// partitions on disk and exchange one partition at a time, so each rank holds one partition's
// groups at once. Collective.
std::vector<Batch> ExchangeAggregate(const Stream& input, const AggregatePlan& plan,
                                     std::shared_ptr<const Schema> schema, Communicator& comm);

}  // namespace tally
