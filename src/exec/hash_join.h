#pragma once
// Equi-join by hashing: the right (build) side goes into a hash table on the key, the left
// (probe) side streams through it. Past the memory budget while the build side is collected,
// both sides are split by a hash of the key into partitions on disk and joined one partition
// at a time (a grace hash join), so only one build partition is in memory at once.
#include <memory>
#include <vector>

#include "exec/bound_expr.h"
#include "exec/stream.h"

namespace tally {

struct JoinSpec {
  std::shared_ptr<const Schema> schema;  // output: left keys, left's other columns, right's
  std::vector<BoundExprPtr> left_keys, right_keys;  // both cast to the common key types
  std::vector<DataType> key_types;
  std::vector<int> left_key_columns, left_columns, right_columns;
  bool left_join = false;  // keep left rows without a match (right columns NULL)
};

void HashJoin(const Stream& left, const Stream& right, const JoinSpec& spec,
              const BatchConsumer& consumer);

}  // namespace tally
