#pragma once
// Interns strings to dense ids (0, 1, 2, ... in order of first appearance), for hash tables
// that key on strings: group keys, count_distinct. The strings live in one character buffer and
// the lookup is open addressing over a flat slot array, so interning costs one hash and
// usually one cache line, where a node-based std::unordered_map costs an allocation per string
// and a pointer chase per lookup.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

class StringPool {
 public:
  static constexpr int64_t kAbsent = -1;

  StringPool();

  size_t size() const { return hashes_.size(); }
  size_t MemoryBytes() const {
    return chars_.capacity() + (offsets_.capacity() + hashes_.capacity() + slots_.capacity()) * 8;
  }
  std::string_view Get(uint32_t id) const {
    return std::string_view(chars_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]);
  }
  // The id of `s`, adding it when new.
  uint32_t Intern(std::string_view s);
  // The id of `s`, or kAbsent.
  int64_t Find(std::string_view s) const;

  // A 64-bit word standing for a string, for hash tables keyed on words: a string of up to 7
  // bytes is the word itself (top bit set, length in bits 56-58), so short codes such as
  // invoice numbers need no hash probe of the pool (a cache miss on big pools); a longer string
  // is its pool id (top bit clear). Equal strings always give equal words.
  uint64_t Word(std::string_view s) {
    uint64_t word;
    return InlineWord(s, &word) ? word : Intern(s);
  }
  // Like Word without adding: false when `s` is long and not in the pool.
  bool FindWord(std::string_view s, uint64_t* word) const {
    if (InlineWord(s, word)) return true;
    int64_t id = Find(s);
    *word = static_cast<uint64_t>(id);
    return id != kAbsent;
  }
  static bool IsInline(uint64_t word) { return word >> 63; }
  // The string of a word; `buffer` holds the bytes of an inline one.
  std::string_view WordString(uint64_t word, char (&buffer)[8]) const {
    if (!IsInline(word)) return Get(static_cast<uint32_t>(word));
    size_t size = (word >> 56) & 7;
    std::memcpy(buffer, &word, 8);  // little endian: the bytes come first
    return std::string_view(buffer, size);
  }
  // The word of `word` (from `other`) in this pool.
  uint64_t Rehome(uint64_t word, const StringPool& other) {
    return IsInline(word) ? word : Intern(other.Get(static_cast<uint32_t>(word)));
  }

 private:
  static bool InlineWord(std::string_view s, uint64_t* word) {
    if (s.size() > 7) return false;
    uint64_t w = 0;
    std::memcpy(&w, s.data(), s.size());
    *word = w | (uint64_t{s.size()} << 56) | (uint64_t{1} << 63);
    return true;
  }
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
