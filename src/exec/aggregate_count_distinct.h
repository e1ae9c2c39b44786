#pragma once
// count_distinct(x) per group, exact. One thread's states are a single flat hash set of
// (group, value) pairs rather than a set per group: a group's count grows when a pair is new.
// Per-group std::unordered_sets cost an allocation per value (and per string) and a pointer
// chase per lookup, which dominated the monthly and RFM aggregations. Values are 64-bit words:
// integers widened, doubles by their bits (-0.0 as 0.0), strings as StringPool words
// (dictionary columns are encoded once per dictionary entry and batch, not per row).
#include <cstdint>
#include <memory>
#include <vector>

#include "exec/aggregate_function.h"
#include "exec/string_pool.h"

namespace tally {

class CountDistinctStates : public AggregateStates {
 public:
  explicit CountDistinctStates(DataType input) : input_(input) {}

  void Resize(size_t groups) override { counts_.resize(groups, 0); }
  void Update(const Column* input, const uint32_t* groups, size_t rows) override;
  void Combine(AggregateStates& other, const uint32_t* group_map) override;
  ColumnPtr Finalize() override;
  // A group's state on the wire: its number of distinct values, then each value (strings as
  // their bytes, since pool ids mean nothing to another process).
  void Serialize(const uint32_t* groups, size_t n, std::string* out) const override;
  void MergeSerialized(ByteReader& in, const uint32_t* group_map, size_t n) override;
  size_t MemoryBytes() const override {
    return counts_.capacity() * 8 + strings_.MemoryBytes() + values_.capacity() * 8 +
           (groups_.capacity() + slots_.capacity()) * 4;
  }

 protected:
  // Adds the pair; true when it was not there yet.
  bool Insert(uint32_t group, uint64_t value);
  void Grow();
  static uint64_t HashPair(uint32_t group, uint64_t value);

  DataType input_;
  std::vector<int64_t> counts_;
  StringPool strings_;
  std::vector<uint64_t> values_;  // pair i = (groups_[i], values_[i])
  std::vector<uint32_t> groups_;
  std::vector<uint32_t> slots_ = std::vector<uint32_t>(1024, 0);  // pair index + 1; 0 = empty
  size_t mask_ = 1023;
  std::vector<uint64_t> dictionary_words_;  // per batch: the word of each dictionary entry
};

// agg(DISTINCT x) for any aggregate `inner` (sum, avg, stddev...): the distinct (group, value)
// pairs are gathered as count_distinct gathers them (also across threads, spill partitions and
// ranks), and `inner` runs over them once, when the states are finalized.
class DistinctValuesStates : public CountDistinctStates {
 public:
  DistinctValuesStates(DataType input, std::shared_ptr<const AggregateFunction> inner)
      : CountDistinctStates(input), inner_(std::move(inner)) {}
  ColumnPtr Finalize() override;

 private:
  std::shared_ptr<const AggregateFunction> inner_;
};

}  // namespace tally
