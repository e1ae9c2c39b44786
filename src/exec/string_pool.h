#pragma once
// Interns strings to dense ids (0, 1, 2, ... in order of first appearance), for hash tables
// that key on strings: group keys, count_distinct. The strings live in one character buffer and
// the lookup is open addressing over a flat slot array, so interning costs one hash and
// usually one cache line, where a node-based std::unordered_map costs an allocation per string
// and a pointer chase per lookup.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

class StringPool {
 public:
  static constexpr int64_t kAbsent = -1;

  StringPool();

  size_t size() const { return hashes_.size(); }
  std::string_view Get(uint32_t id) const {
    return std::string_view(chars_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  // The id of `s`, adding it when new.
  uint32_t Intern(std::string_view s);
  // The id of `s`, or kAbsent.
  int64_t Find(std::string_view s) const;

 private:
  static uint64_t Hash(std::string_view s);
  // The slot holding `s` or the empty slot where it would go.
  size_t Probe(std::string_view s, uint64_t hash) const;
  void Grow();

  std::string chars_;
  std::vector<uint64_t> offsets_{0};
  std::vector<uint64_t> hashes_;
  // Low 32 bits: id + 1 (0 = empty); high 32 bits: the high half of the string's hash, so a
  // probe rejects other strings without touching hashes_ or chars_ (cache misses on big pools).
  std::vector<uint64_t> slots_;
  size_t mask_;
};

}  // namespace tally
