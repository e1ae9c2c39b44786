#include "exec/sorted_aggregate.h"

#include <atomic>

#include "common/error.h"
#include "exec/aggregate_holistic.h"
#include "exec/column_util.h"
#include "exec/external_sort.h"

namespace tally {
namespace {

// Whether row i of a and row j of b hold the same value (neither is NULL). -0.0 equals 0.0, as
// in count_distinct's states.
bool SameValue(const Column& a, size_t i, const Column& b, size_t j) {
  switch (a.type().id) {
    case TypeId::kString:
      return a.GetString(i) == b.GetString(j);
    case TypeId::kBool:
      return a.data<uint8_t>()[i] == b.data<uint8_t>()[j];
    case TypeId::kInt32:
    case TypeId::kDate:
      return a.data<int32_t>()[i] == b.data<int32_t>()[j];
    case TypeId::kDouble:
      return a.data<double>()[i] == b.data<double>()[j];
    default:
      return a.data<int64_t>()[i] == b.data<int64_t>()[j];
  }
}

// A numeric value as a double (decimals scaled), as the interpolated quantile computes.
double NumericValue(const Column& c, size_t i, int scale) {
  switch (c.type().id) {
    case TypeId::kInt32:
      return static_cast<double>(c.data<int32_t>()[i]);
    case TypeId::kDouble:
      return c.data<double>()[i];
    default:
      return static_cast<double>(c.data<int64_t>()[i]) / static_cast<double>(kPowersOfTen[scale]);
  }
}

ColumnPtr NullResult(const DataType& type) {
  ColumnPtr out = Column::Make(type);
  out->AppendNull();
  return out;
}

ColumnPtr OneValue(const Column& column, size_t row) {
  uint32_t index = static_cast<uint32_t>(row);
  return GatherRows(column, &index, 1);
}

}  // namespace

bool IsHolistic(const AggregateFunction& function) {
  const std::string& name = function.name();
  return name == "count_distinct" || name == "median" || name == "quantile_element" ||
         name == "quantile_interp" || name == "mode";
}

ColumnPtr HolisticBySorting(const Stream& input, const BoundExpr& argument,
                            const AggregateFunction& function) {
  auto schema = std::make_shared<const Schema>(std::vector<Field>{{"v", argument.type()}});
  // The argument's non-NULL values.
  std::atomic<size_t> count{0};
  Stream values{schema,
                [&](const BatchConsumer& consumer) {
                  input.run([&](Batch&& b, size_t seq) {
                    ColumnPtr v = argument.EvaluateColumn(b);
                    std::vector<uint32_t> rows;
                    for (size_t i = 0; i < b.num_rows; ++i)
                      if (v->IsValid(i)) rows.push_back(static_cast<uint32_t>(i));
                    count += rows.size();
                    Batch out;
                    out.schema = schema;
                    out.num_rows = rows.size();
                    out.columns.push_back(GatherRows(*v, rows.data(), rows.size()));
                    consumer(std::move(out), seq);
                  });
                },
                false, input.context};
  const std::string& name = function.name();
  const AggregateParams& params = function.params();
  // Sorted values arrive after all were counted; `position` is the first one's 0-based rank.
  size_t position = 0, n = 0;
  ColumnPtr result, previous;  // previous: the last value seen (for runs across batches)
  size_t runs = 0, run_length = 0, best_length = 0;
  double low = 0, frac = 0;
  size_t lo = 0, target = 0;
  SortRows(values, {SortSpec{MakeColumnRef("v"), true, true}}, schema, [&](Batch&& sorted) {
    if (position == 0) {
      n = count.load();
      if (name == "quantile_element") target = ElementRank(params.p, n) - 1;
      if (name == "median" || name == "quantile_interp") lo = InterpolationLow(params.p, n, &frac);
    }
    const Column& v = *sorted.columns[0];
    for (size_t i = 0; i < sorted.num_rows; ++i, ++position) {
      if (name == "quantile_element") {
        if (position == target) result = OneValue(v, i);
      } else if (name == "median" || name == "quantile_interp") {
        if (position == lo) low = NumericValue(v, i, params.input_scale);
        if (position == lo + 1 && frac > 0) {
          double high = NumericValue(v, i, params.input_scale);
          result = MakeFixedColumn(DataType::Double(), 1);
          result->data<double>()[0] = low + (high - low) * frac;
        }
      } else {  // mode, count_distinct: runs of equal values, also across batches
        bool same = i > 0 ? SameValue(v, i - 1, v, i) : previous && SameValue(*previous, 0, v, 0);
        run_length = same ? run_length + 1 : 1;
        if (!same) ++runs;
        // Strictly longer: the earliest (smallest) value wins among equally frequent ones.
        if (name == "mode" && run_length > best_length) {
          best_length = run_length;
          result = OneValue(v, i);
        }
      }
    }
    if (sorted.num_rows > 0) previous = OneValue(v, sorted.num_rows - 1);
  });
  if (name == "count_distinct") {
    result = MakeFixedColumn(DataType::Int64(), 1);
    result->data<int64_t>()[0] = static_cast<int64_t>(runs);
  } else if ((name == "median" || name == "quantile_interp") && n > 0 && !result) {
    result = MakeFixedColumn(DataType::Double(), 1);  // at the last value, or no fraction
    result->data<double>()[0] = low;
  }
  return result ? result : NullResult(function.result_type());
}

}  // namespace tally
