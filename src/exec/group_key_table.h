#pragma once
// A hash table from group-key tuples to dense group ids, used by hash aggregation, distinct,
// joins and window partitions. Every key value is encoded as one 64-bit word (strings as words
// of a per-table StringPool: short strings inline, longer ones interned; dictionary-encoded
// columns are encoded once per dictionary entry rather than once per row), plus one word with
// the NULL flags of the tuple. Lookups are open addressing with linear probing; each slot keeps
// half of its group's hash, and a batch of lookups prefetches the slots of the rows ahead. String
// keys come out as flat string columns.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "exec/string_pool.h"
#include "vector/column.h"

namespace tally {

class GroupKeyTable {
 public:
  explicit GroupKeyTable(std::vector<DataType> key_types);

  size_t num_groups() const { return group_hashes_.size(); }
  const std::vector<DataType>& key_types() const { return key_types_; }
  // Bytes held by the table (for the memory budget).
  size_t MemoryBytes() const {
    return (group_words_.capacity() + group_hashes_.capacity() + slots_.capacity()) * 8 +
           strings_.MemoryBytes();
  }

  // The group id of each row of the key columns; unseen keys become new groups (ids in order
  // of first appearance). NULL is a key value like any other here.
  void FindOrInsert(const std::vector<const Column*>& keys, size_t rows, uint32_t* group_ids);
  // The group id of each row, or UINT32_MAX when the key is not in the table or has a NULL
  // (join semantics). Does not modify the table; safe to call from several threads.
  void Find(const std::vector<const Column*>& keys, size_t rows, uint32_t* group_ids) const;
  // Once every group is in: spreads the slots (a load of at most a quarter, within a bound),
  // so that Find visits fewer of them; a join's table is probed far more than it was built.
  void SpreadForProbing();
  // Adds the groups of `other`; returns for each of other's groups its id in this table.
  std::vector<uint32_t> Merge(const GroupKeyTable& other);
  // The key values of every group, in group order (string keys dictionary-encoded).
  std::vector<ColumnPtr> KeyColumns() const;

 private:
  static constexpr int64_t kAbsent = -1;
  // Encodes rows into `words` (rows x stride). With `insert`, unseen strings are interned;
  // without, rows with unseen strings or NULLs are flagged in `unmatched`.
  void Encode(const std::vector<const Column*>& keys, size_t rows, bool insert,
              std::vector<uint64_t>* words, std::vector<uint8_t>* unmatched);
  void EncodeConst(const std::vector<const Column*>& keys, size_t rows,
                   std::vector<uint64_t>* words, std::vector<uint8_t>* unmatched) const;
  uint64_t HashWords(const uint64_t* w) const;
  bool Equal(uint32_t group, const uint64_t* w) const;
  uint32_t FindOrInsertOne(const uint64_t* w, uint64_t hash);
  static uint64_t Tag(uint64_t hash_or_slot) { return hash_or_slot & 0xFFFFFFFF00000000ULL; }
  static uint64_t Slot(uint64_t hash, uint32_t group) { return Tag(hash) | (uint64_t{group} + 1); }
  // The hashes of `rows` encoded rows.
  std::vector<uint64_t> HashRowsOf(const std::vector<uint64_t>& words, size_t rows) const;
  void Grow();
  void Rehash(size_t slots);

  // Key k's NULL flag: bit k % 64 of the flag word k / 64 after the key words.
  bool KeyIsNull(const uint64_t* words, size_t k) const {
    return (words[key_types_.size() + k / 64] >> (k % 64)) & 1;
  }

  std::vector<DataType> key_types_;
  size_t stride_;                      // key words + one NULL-flags word per 64 keys
  std::vector<uint64_t> group_words_;  // num_groups x stride
  std::vector<uint64_t> group_hashes_;
  // Per slot: the upper half of the group's hash, then its id + 1 (0 = empty), so that a probe
  // passes other groups' slots without reading their hashes or words.
  std::vector<uint64_t> slots_;
  uint64_t mask_ = 0;
  StringPool strings_;
};

}  // namespace tally
