#pragma once
// A hash of each row's key tuple that is the same for equal keys in any batch, whatever the
// string encoding (flat or dictionary): used to split rows into partitions that can each be
// processed alone (spilling hash aggregation).
#include <cstdint>
#include <vector>

#include "vector/column.h"

namespace tally {

// out[i] = hash of row i of `keys` under `seed` (NULL is a value of its own).
void HashRows(const std::vector<const Column*>& keys, size_t rows, uint64_t seed, uint64_t* out);

}  // namespace tally
