#pragma once
// Aggregate functions, each a state struct with static Initialize/Update/Combine/Finalize
// (aggregate_{distributive,algebraic,holistic}.h). AggregateStates holds the states of all
// groups of one aggregate in one thread: Update scatters a batch into the groups in a tight
// loop, Combine merges another thread's partial states, Serialize / MergeSerialized carry them
// to another process, Finalize produces the result column. Holistic aggregates are exact (they keep
// the values).
#include <memory>
#include <string>

#include "vector/column.h"

namespace tally {

class ByteReader;

// Per-call settings an aggregate needs when finalizing.
struct AggregateParams {
  int input_scale = 0;  // decimal scale of the input (0 otherwise)
  double p = 0;         // quantile probability
  DataType result_type;
};

class AggregateStates {
 public:
  virtual ~AggregateStates() = default;
  // Grows to `groups` groups; new groups start initialized.
  virtual void Resize(size_t groups) = 0;
  // Adds rows [0, rows) of `input` (nullptr for count(*)) to group groups[i].
  virtual void Update(const Column* input, const uint32_t* groups, size_t rows) = 0;
  // Merges `other` (same function) into this: other's group g goes to group_map[g].
  virtual void Combine(AggregateStates& other, const uint32_t* group_map) = 0;
  // The result of every group, in group order.
  virtual ColumnPtr Finalize() = 0;
  // Appends the partial states of groups[0..n) to `out`, for another process to merge.
  virtual void Serialize(const uint32_t* groups, size_t n, std::string* out) const = 0;
  // Merges n partial states written by Serialize into groups group_map[0..n).
  virtual void MergeSerialized(ByteReader& in, const uint32_t* group_map, size_t n) = 0;
  // Bytes held by the states (an estimate, for the memory budget).
  virtual size_t MemoryBytes() const { return 0; }
};

class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;
  const std::string& name() const { return name_; }
  const DataType& result_type() const { return params_.result_type; }
  const AggregateParams& params() const { return params_; }
  virtual std::unique_ptr<AggregateStates> CreateStates() const = 0;

 protected:
  AggregateFunction(std::string name, AggregateParams params)
      : name_(std::move(name)), params_(params) {}
  std::string name_;
  AggregateParams params_;
};

using AggregateFunctionPtr = std::shared_ptr<const AggregateFunction>;

// Names: count_star, count, count_distinct, sum, min, max, first, mean, median,
// quantile_element, quantile_interp, mode. `input` is ignored for count_star.
AggregateFunctionPtr MakeAggregateFunction(const std::string& name, const DataType& input,
                                           double param);

}  // namespace tally
