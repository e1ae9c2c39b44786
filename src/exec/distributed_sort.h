#pragma once
// Sorting rows that are spread over the ranks of a distributed run without gathering them:
// each rank sends a sample of its sort keys to all, every rank picks the same splitters from
// the pooled sample, sends each of its rows to the rank whose key range holds it and sorts
// what it receives. Rank r's rows then all precede rank r + 1's, so the ranks' parts in rank
// order are the sorted input, and each rank sorts about 1/N of the rows.
//
// Rows with equal keys go to one rank, in the order of the ranks they came from and, within
// one, in its input order: the order a stable sort of the input gathered in rank order gives
// them, as long as the rank's sort fits in memory (see exec/external_sort.h). One key that
// holds most rows therefore lands on one rank.
#include <functional>
#include <memory>
#include <vector>

#include "dist/communicator.h"
#include "exec/logical_plan.h"
#include "exec/stream.h"

namespace tally {

// Hands this rank's part of the sorted rows of the sharded `input` to `consumer`, in order,
// one batch after another, from the calling thread (which makes the collective calls).
void SortAcrossRanks(const Stream& input, const std::vector<SortSpec>& specs,
                     std::shared_ptr<const Schema> schema, Communicator& comm,
                     const std::function<void(Batch&&)>& consumer);

}  // namespace tally
