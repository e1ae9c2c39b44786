#pragma once
// Small builders of columns and batches for the exec tests.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/scalar.h"
#include "exec/bound_expr.h"
#include "exec/column_util.h"
#include "exec/table.h"
#include "vector/batch.h"

namespace tally::testing {

template <typename T>
inline ColumnPtr FixedColumn(DataType type, const std::vector<std::optional<T>>& values) {
  auto c = Column::Make(type);
  for (const auto& v : values) {
    if (v)
      c->Append<T>(*v);
    else
      c->AppendNull();
  }
  return c;
}

inline ColumnPtr Int32s(const std::vector<std::optional<int32_t>>& v) {
  return FixedColumn<int32_t>(DataType::Int32(), v);
}
inline ColumnPtr Int64s(const std::vector<std::optional<int64_t>>& v) {
  return FixedColumn<int64_t>(DataType::Int64(), v);
}
inline ColumnPtr Doubles(const std::vector<std::optional<double>>& v) {
  return FixedColumn<double>(DataType::Double(), v);
}
inline ColumnPtr Decimals(int scale, const std::vector<std::optional<int64_t>>& v) {
  return FixedColumn<int64_t>(DataType::Decimal(18, scale), v);
}
inline ColumnPtr Dates(const std::vector<std::optional<int32_t>>& v) {
  return FixedColumn<int32_t>(DataType::Date(), v);
}
inline ColumnPtr Strings(const std::vector<std::optional<std::string>>& v) {
  auto c = Column::Make(DataType::String());
  for (const auto& s : v) {
    if (s)
      c->AppendString(*s);
    else
      c->AppendNull();
  }
  return c;
}
// Dictionary-encoded strings: distinct values in order of first appearance.
inline ColumnPtr DictStrings(const std::vector<std::optional<std::string>>& v) {
  auto dict = Column::Make(DataType::String());
  std::vector<std::string> seen;
  auto c = Column::MakeDictionary(dict);
  std::vector<std::optional<int32_t>> idx;
  for (const auto& s : v) {
    if (!s) {
      c->AppendNull();
      continue;
    }
    auto it = std::find(seen.begin(), seen.end(), *s);
    if (it == seen.end()) {
      seen.push_back(*s);
      dict->AppendString(*s);
      it = seen.end() - 1;
    }
    c->Append<int32_t>(static_cast<int32_t>(it - seen.begin()));
  }
  return c;
}

inline Batch MakeBatch(std::vector<std::pair<std::string, ColumnPtr>> cols) {
  std::vector<Field> fields;
  Batch b;
  for (auto& [name, c] : cols) {
    fields.push_back({name, c->type(), true});
    b.columns.push_back(c);
    b.num_rows = c->size();
  }
  b.schema = std::make_shared<Schema>(fields);
  return b;
}

// Every value of a column as text ("NULL" for nulls).
inline std::vector<std::string> Texts(const Column& c) {
  std::vector<std::string> out;
  for (size_t i = 0; i < c.size(); ++i) out.push_back(c.ValueToString(i));
  return out;
}

// Every row of a result as "v1|v2|...", sorted, so that results of different plans compare.
inline std::vector<std::string> SortedRows(const Table& t) {
  std::vector<std::string> rows;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    std::string line;
    for (size_t c = 0; c < t.num_columns(); ++c)
      line += (c ? "|" : "") + t.GetScalar(r, c).ToString();
    rows.push_back(line);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Short builders of unbound expressions: a column, a literal, a call.
inline ExprPtr C(const char* name) {
  return MakeColumnRef(name);
}
inline ExprPtr L(Scalar value) {
  return MakeLiteral(std::move(value));
}
inline ExprPtr F(const char* name, std::vector<ExprPtr> args) {
  return MakeCall(name, std::move(args));
}

inline std::vector<std::string> Eval(const ExprPtr& e, const Batch& b) {
  return Texts(*Bind(*e, *b.schema)->EvaluateColumn(b));
}

}  // namespace tally::testing
