// The aggregate registry: picks the state struct for a function name and input type.
#include "exec/aggregate_function.h"

#include "common/error.h"
#include "dist/byte_buffer.h"
#include "exec/aggregate_algebraic.h"
#include "exec/aggregate_count_distinct.h"
#include "exec/aggregate_distributive.h"
#include "exec/aggregate_holistic.h"
#include "exec/aggregate_states.h"
#include "exec/aggregate_string_agg.h"

namespace tally {
namespace {

template <typename Op, typename In>
class FunctionOf : public AggregateFunction {
 public:
  FunctionOf(std::string name, AggregateParams params)
      : AggregateFunction(std::move(name), params) {}
  std::unique_ptr<AggregateStates> CreateStates() const override {
    return std::make_unique<StatesOf<Op, In>>(params_);
  }
};

// count(*) ignores its input column.
class CountStarStates : public AggregateStates {
 public:
  void Resize(size_t groups) override { counts_.resize(groups, 0); }
  void Update(const Column*, const uint32_t* groups, size_t rows) override {
    int64_t* c = counts_.data();
    for (size_t i = 0; i < rows; ++i) ++c[groups[i]];
  }
  void Combine(AggregateStates& other, const uint32_t* group_map) override {
    auto& o = static_cast<CountStarStates&>(other);
    for (size_t g = 0; g < o.counts_.size(); ++g) counts_[group_map[g]] += o.counts_[g];
  }
  ColumnPtr Finalize() override {
    ColumnPtr out = MakeFixedColumn(DataType::Int64(), counts_.size());
    std::copy(counts_.begin(), counts_.end(), out->data<int64_t>());
    return out;
  }
  void Serialize(const uint32_t* groups, size_t n, std::string* out) const override {
    for (size_t i = 0; i < n; ++i) PutValue(out, counts_[groups[i]]);
  }
  void MergeSerialized(ByteReader& in, const uint32_t* group_map, size_t n) override {
    for (size_t i = 0; i < n; ++i) counts_[group_map[i]] += in.Get<int64_t>();
  }

 private:
  std::vector<int64_t> counts_;
};

class CountDistinctFunction : public AggregateFunction {
 public:
  explicit CountDistinctFunction(DataType input)
      : AggregateFunction("count_distinct", {0, 0, DataType::Int64()}), input_(input) {}
  std::unique_ptr<AggregateStates> CreateStates() const override {
    return std::make_unique<CountDistinctStates>(input_);
  }

 private:
  DataType input_;
};

class DistinctValuesFunction : public AggregateFunction {
 public:
  DistinctValuesFunction(std::string name, DataType input, AggregateFunctionPtr inner)
      : AggregateFunction(std::move(name), inner->params()), input_(input), inner_(inner) {}
  std::unique_ptr<AggregateStates> CreateStates() const override {
    return std::make_unique<DistinctValuesStates>(input_, inner_);
  }

 private:
  DataType input_;
  AggregateFunctionPtr inner_;
};

class CountStarFunction : public AggregateFunction {
 public:
  CountStarFunction() : AggregateFunction("count_star", {0, 0, DataType::Int64()}) {}
  std::unique_ptr<AggregateStates> CreateStates() const override {
    return std::make_unique<CountStarStates>();
  }
};

template <template <typename> class Op, bool kStrings = true>
AggregateFunctionPtr ForPhysical(const std::string& name, const DataType& input,
                                 AggregateParams params) {
  switch (input.id) {
    case TypeId::kBool:
      return std::make_shared<FunctionOf<Op<uint8_t>, uint8_t>>(name, params);
    case TypeId::kInt32:
    case TypeId::kDate:
      return std::make_shared<FunctionOf<Op<int32_t>, int32_t>>(name, params);
    case TypeId::kInt64:
    case TypeId::kDecimal:
    case TypeId::kTimestamp:
      return std::make_shared<FunctionOf<Op<int64_t>, int64_t>>(name, params);
    case TypeId::kDouble:
      return std::make_shared<FunctionOf<Op<double>, double>>(name, params);
    case TypeId::kString:
      if constexpr (kStrings)
        return std::make_shared<FunctionOf<Op<std::string_view>, std::string_view>>(name, params);
      break;
  }
  ThrowError("unsupported input type for {}", name);
}

template <typename In>
using MinOp = PickOp<In, 0>;
template <typename In>
using MaxOp = PickOp<In, 1>;
template <typename In>
using FirstOp = PickOp<In, 2>;
template <typename In>
using ElementOp = QuantileOp<In, QuantileKind::kElement>;
template <typename In>
using InterpOp = QuantileOp<In, QuantileKind::kInterpolated>;
template <typename In>
using ModeOp = QuantileOp<In, QuantileKind::kMode>;

template <SpreadKind kKind>
AggregateFunctionPtr SpreadFor(const std::string& name, const DataType& input,
                               const AggregateParams& params) {
  switch (input.id) {
    case TypeId::kInt32:
      return std::make_shared<FunctionOf<SpreadOp<int32_t, kKind>, int32_t>>(name, params);
    case TypeId::kDouble:
      return std::make_shared<FunctionOf<SpreadOp<double, kKind>, double>>(name, params);
    default:
      return std::make_shared<FunctionOf<SpreadOp<int64_t, kKind>, int64_t>>(name, params);
  }
}

AggregateFunctionPtr MakeSpread(const std::string& name, const DataType& input, SpreadKind kind,
                                const AggregateParams& params) {
  switch (kind) {
    case SpreadKind::kVarSamp:
      return SpreadFor<SpreadKind::kVarSamp>(name, input, params);
    case SpreadKind::kVarPop:
      return SpreadFor<SpreadKind::kVarPop>(name, input, params);
    case SpreadKind::kStddevSamp:
      return SpreadFor<SpreadKind::kStddevSamp>(name, input, params);
    case SpreadKind::kStddevPop:
      return SpreadFor<SpreadKind::kStddevPop>(name, input, params);
  }
  ThrowError("unknown spread aggregate {}", name);
}

void RequireNumeric(const std::string& name, const DataType& input) {
  if (!input.IsNumeric()) ThrowError("{} needs numbers, got {}", name, input.ToString());
}

}  // namespace

AggregateFunctionPtr MakeAggregateFunction(const std::string& name, const DataType& input,
                                           double param) {
  AggregateParams params;
  params.input_scale = input.id == TypeId::kDecimal ? input.scale : 0;
  params.p = param;
  if (name == "count_star") return std::make_shared<CountStarFunction>();
  // agg#distinct: agg over each group's distinct values (SQL's agg(DISTINCT x)).
  if (name.size() > 9 && name.ends_with("#distinct")) {
    AggregateFunctionPtr inner =
        MakeAggregateFunction(name.substr(0, name.size() - 9), input, param);
    return std::make_shared<DistinctValuesFunction>(name, input, inner);
  }
  if (name == "count" || name == "count_distinct") {
    params.result_type = DataType::Int64();
    if (name == "count") return ForPhysical<CountOp>(name, input, params);
    return std::make_shared<CountDistinctFunction>(input);
  }
  if (name == "sum") {
    RequireNumeric(name, input);
    if (input.id == TypeId::kDouble) {
      params.result_type = DataType::Double();
      return std::make_shared<FunctionOf<SumDoubleOp, double>>(name, params);
    }
    params.result_type =
        input.id == TypeId::kDecimal ? DataType::Decimal(18, input.scale) : DataType::Int64();
    if (input.id == TypeId::kInt32)
      return std::make_shared<FunctionOf<SumIntOp<int32_t>, int32_t>>(name, params);
    return std::make_shared<FunctionOf<SumIntOp<int64_t>, int64_t>>(name, params);
  }
  if (name == "min" || name == "max" || name == "first" || name == "any_value") {
    params.result_type = input;
    if (name == "min") return ForPhysical<MinOp>(name, input, params);
    if (name == "max") return ForPhysical<MaxOp>(name, input, params);
    return ForPhysical<FirstOp>(name, input, params);
  }
  if (name == "mean" || name == "avg") {
    RequireNumeric(name, input);
    params.result_type = DataType::Double();
    switch (input.id) {
      case TypeId::kInt32:
        return std::make_shared<FunctionOf<MeanOp<int32_t>, int32_t>>(name, params);
      case TypeId::kDouble:
        return std::make_shared<FunctionOf<MeanOp<double>, double>>(name, params);
      default:
        return std::make_shared<FunctionOf<MeanOp<int64_t>, int64_t>>(name, params);
    }
  }
  if (name == "var_samp" || name == "var_pop" || name == "stddev_samp" || name == "stddev_pop") {
    RequireNumeric(name, input);
    params.result_type = DataType::Double();
    SpreadKind kind = name == "var_samp"      ? SpreadKind::kVarSamp
                      : name == "var_pop"     ? SpreadKind::kVarPop
                      : name == "stddev_samp" ? SpreadKind::kStddevSamp
                                              : SpreadKind::kStddevPop;
    return MakeSpread(name, input, kind, params);
  }
  if (name == "median" || name == "quantile_interp" || name == "quantile_element" ||
      name == "mode") {
    if (input.id == TypeId::kString) ThrowError("{} of strings is not supported", name);
    if (name == "median") params.p = 0.5;
    if (name != "mode" && (params.p < 0 || params.p > 1))
      ThrowError("{}: probability {} is not within [0, 1]", name, params.p);
    if (name == "mode" || name == "quantile_element") {
      params.result_type = input;
      if (name == "mode") return ForPhysical<ModeOp, false>(name, input, params);
      return ForPhysical<ElementOp, false>(name, input, params);
    }
    RequireNumeric(name, input);
    params.result_type = DataType::Double();
    return ForPhysical<InterpOp, false>(name, input, params);
  }
  if (name == "string_agg") {
    if (input.id != TypeId::kString) ThrowError("string_agg takes entries (text)");
    params.result_type = DataType::String();
    return std::make_shared<FunctionOf<StringAggOp, std::string_view>>(name, params);
  }
  ThrowError("unknown aggregate function {}()", name);
}

}  // namespace tally
