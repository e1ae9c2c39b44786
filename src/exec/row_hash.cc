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
        std::string_view s = c->GetString(i);
        uint64_t v = c->IsValid(i) ? XXH3_64bits(s.data(), s.size()) : kNullWord;
        out[i] = Mix(out[i], v);
      }
      continue;
    }
    size_t width = type.FixedWidth();
    const char* data = c->data<char>();
    bool floating = type.id == TypeId::kDouble;
    for (size_t i = 0; i < rows; ++i) {
      uint64_t v = 0;
      if (!c->IsValid(i)) {
        v = kNullWord;
      } else if (floating) {
        double d;
        std::memcpy(&d, data + i * 8, 8);
        if (d == 0) d = 0;  // -0.0 and 0.0 are one key
        std::memcpy(&v, &d, 8);
      } else {
        std::memcpy(&v, data + i * width, width);
      }
      out[i] = Mix(out[i], v);
    }
  }
}

}  // namespace tally
