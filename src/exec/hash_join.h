#pragma once
// Joins by hashing: the right (build) side goes into a hash table on the key, the left (probe)
// side streams through it; the pairs with equal keys are then checked against the join's
// condition, if any. Without keys every pair is a candidate (a nested loop over the build
// side). Past the memory budget while the build side is collected, both sides are split by a
// hash of the key into partitions on disk and joined one partition at a time (a grace hash
// join), so only one build partition is in memory at once. Rows with a NULL key match nothing.
#include <memory>
#include <vector>

#include "exec/bound_expr.h"
#include "exec/logical_plan.h"
#include "exec/stream.h"

namespace tally {

struct JoinSpec {
  // Output: the left columns, then the right columns (inner, left, right, full), the mark
  // (mark), or nothing more (semi, anti).
  std::shared_ptr<const Schema> schema;
  std::vector<BoundExprPtr> left_keys, right_keys;  // both cast to the common key types
  std::vector<DataType> key_types;
  JoinType type = JoinType::kInner;
  // Over a batch of the left input's columns followed by the right input's; may be null.
  BoundExprPtr condition;
  // Checked for cancellation between chunks of candidate pairs (set by HashJoin).
  const QueryContext* context = nullptr;
};

// Runs the join. For right and full joins the right rows without a match come after all
// others, so `left` must be whole on this rank (not one rank's share).
void HashJoin(const Stream& left, const Stream& right, const JoinSpec& spec,
              const BatchConsumer& consumer);

}  // namespace tally
