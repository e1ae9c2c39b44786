#include "exec/string_pool.h"

#include <xxhash.h>

#include <cstring>

#include "common/error.h"

namespace tally {

StringPool::StringPool() : slots_(256, 0), mask_(255) {}

uint64_t StringPool::Hash(std::string_view s) {
  return XXH3_64bits(s.data(), s.size());
}

namespace {
constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ULL;
}

size_t StringPool::Probe(std::string_view s, uint64_t hash) const {
  size_t slot = hash & mask_;
  while (uint64_t entry = slots_[slot]) {
    if ((entry & kTagMask) == (hash & kTagMask) && Get(static_cast<uint32_t>(entry) - 1) == s)
      return slot;
    slot = (slot + 1) & mask_;
  }
  return slot;
}

uint32_t StringPool::Intern(std::string_view s) {
  uint64_t hash = Hash(s);
  size_t slot = Probe(s, hash);
  if (slots_[slot] != 0) return static_cast<uint32_t>(slots_[slot]) - 1;
  if (hashes_.size() >= UINT32_MAX - 1) throw Error("too many distinct strings");
  auto id = static_cast<uint32_t>(hashes_.size());
  chars_.append(s);
  offsets_.push_back(chars_.size());
  hashes_.push_back(hash);
  slots_[slot] = (hash & kTagMask) | (uint64_t{id} + 1);
  if (hashes_.size() * 2 > slots_.size()) Grow();
  return id;
}

int64_t StringPool::Find(std::string_view s) const {
  uint64_t entry = slots_[Probe(s, Hash(s))];
  return entry == 0 ? kAbsent : int64_t{static_cast<uint32_t>(entry)} - 1;
}

void StringPool::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (uint32_t id = 0; id < hashes_.size(); ++id) {
    size_t slot = hashes_[id] & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = (hashes_[id] & kTagMask) | (uint64_t{id} + 1);
  }
}

}  // namespace tally
