#pragma once
// A hash of each row's key tuple that is the same for equal keys in any batch, whatever the
// string encoding (flat or dictionary): used to split rows into partitions that can each be
// processed alone (spilling hash aggregation).
#include <cstdint>
#include <vector>

#include "exec/bound_expr.h"
#include "vector/column.h"

namespace tally {

// The finalizer of MurmurHash3: spreads every input bit over the whole word, so that the low
// bits of a hash table index depend on all bits of the key.
inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// out[i] = hash of row i of `keys` under `seed` (NULL is a value of its own).
void HashRows(const std::vector<const Column*>& keys, size_t rows, uint64_t seed, uint64_t* out);
// The hashes of the key tuples that `keys` (bound over batch's columns) give for batch's rows.
std::vector<uint64_t> HashKeys(const std::vector<BoundExprPtr>& keys, const Batch& batch,
                               uint64_t seed);

}  // namespace tally
