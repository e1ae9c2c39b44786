#pragma once
// ORDER BY ... LIMIT n and LIMIT n without sorting everything or collecting the whole input.
#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "exec/logical_plan.h"
#include "exec/stream.h"

namespace tally {

// The first `n` rows of the input in `specs` order, exactly as a stable sort followed by a
// limit would give them (ties in input order), holding about 2n rows plus one buffer of input
// instead of all of it. Hands them to `consumer` as one batch, from the calling thread.
void TopNRows(const Stream& input, const std::vector<SortSpec>& specs, size_t n,
              std::shared_ptr<const Schema> schema, const std::function<void(Batch&&)>& consumer);

// The first `n` rows of the input in sequence order, keeping only the batches that can still
// be among them (later ones are dropped as they arrive).
std::vector<Batch> FirstRows(const Stream& input, size_t n);

}  // namespace tally
