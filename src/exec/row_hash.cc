#include "exec/row_hash.h"

#include <xxhash.h>

#include <cstring>

namespace tally {
namespace {

uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

}  // namespace

void HashRows(const std::vector<const Column*>& keys, size_t rows, uint64_t seed, uint64_t* out) {
  for (size_t i = 0; i < rows; ++i) out[i] = seed;
  constexpr uint64_t kNullWord = 0x6e756c6c6e756c6cULL;
  for (const Column* c : keys) {
    const DataType& type = c->type();
    if (!type.IsFixedWidth()) {
      for (size_t i = 0; i < rows; ++i) {
        uint64_t v = kNullWord;
        if (c->IsValid(i)) {  // a NULL's index may not be in the dictionary
          std::string_view s = c->GetString(i);
          v = XXH3_64bits(s.data(), s.size());
        }
        out[i] = Mix(out[i], v);
      }
      continue;
    }
    // Each value's bytes, zero-extended to a word.
    WithUnsignedOfWidth(type.FixedWidth(), [&](auto tag) {
      using T = decltype(tag);
      const T* data = c->data<T>();
      const bool floating = type.id == TypeId::kDouble;
      for (size_t i = 0; i < rows; ++i) {
        uint64_t v;
        if (!c->IsValid(i)) {
          v = kNullWord;
        } else {
          v = static_cast<uint64_t>(data[i]);
          if (sizeof(T) == 8 && floating) {
            double d;
            std::memcpy(&d, &v, 8);
            if (d == 0) d = 0;  // -0.0 and 0.0 are one key
            std::memcpy(&v, &d, 8);
            // Every NaN is one key too (as in the hash tables), whatever its sign and payload.
            if (d != d) v = 0x7ff8000000000000ULL;
          }
        }
        out[i] = Mix(out[i], v);
      }
    });
  }
}

std::vector<uint64_t> HashKeys(const std::vector<BoundExprPtr>& keys, const Batch& batch,
                               uint64_t seed) {
  std::vector<ColumnPtr> alive;
  std::vector<const Column*> columns;
  for (const auto& k : keys) {
    alive.push_back(k->EvaluateColumn(batch));
    columns.push_back(alive.back().get());
  }
  std::vector<uint64_t> hashes(batch.num_rows);
  HashRows(columns, batch.num_rows, seed, hashes.data());
  return hashes;
}

}  // namespace tally
