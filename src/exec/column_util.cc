#include "exec/column_util.h"

#include <cstring>

#include "common/error.h"

namespace tally {

ColumnPtr MakeFixedColumn(DataType type, size_t rows) {
  auto column = Column::Make(type);
  column->Resize(rows);
  return column;
}

ColumnPtr BroadcastScalar(const Scalar& value, size_t rows) {
  const DataType& type = value.type();
  if (type.id == TypeId::kString) {
    auto column = Column::Make(type);
    if (value.is_null()) {
      for (size_t i = 0; i < rows; ++i) column->AppendNull();
      return column;
    }
    // A one-entry dictionary keeps a broadcast string cheap.
    auto dictionary = Column::Make(type);
    dictionary->AppendString(value.string_value());
    column = Column::MakeDictionary(dictionary);
    column->Resize(rows);
    return column;
  }
  auto column = MakeFixedColumn(type, rows);
  if (value.is_null()) {
    for (size_t i = 0; i < rows; ++i) column->SetNull(i);
    return column;
  }
  switch (type.FixedWidth()) {
    case 1: {
      uint8_t v = value.bool_value() ? 1 : 0;
      std::memset(column->data<uint8_t>(), v, rows);
      break;
    }
    case 4: {
      int32_t v = static_cast<int32_t>(value.int_value());
      int32_t* d = column->data<int32_t>();
      for (size_t i = 0; i < rows; ++i) d[i] = v;
      break;
    }
    default:
      if (type.id == TypeId::kDouble) {
        double v = value.double_value();
        double* d = column->data<double>();
        for (size_t i = 0; i < rows; ++i) d[i] = v;
      } else {
        int64_t v = value.int_value();
        int64_t* d = column->data<int64_t>();
        for (size_t i = 0; i < rows; ++i) d[i] = v;
      }
  }
  return column;
}

Scalar ColumnScalar(const Column& column, size_t row) {
  const DataType& type = column.type();
  if (column.IsNull(row)) return Scalar::Null(type);
  switch (type.id) {
    case TypeId::kBool:
      return Scalar::Bool(column.Get<uint8_t>(row) != 0);
    case TypeId::kInt32:
      return Scalar::Int32(column.Get<int32_t>(row));
    case TypeId::kInt64:
      return Scalar::Int64(column.Get<int64_t>(row));
    case TypeId::kDouble:
      return Scalar::Double(column.Get<double>(row));
    case TypeId::kDecimal:
      return Scalar::Decimal(column.Get<int64_t>(row), type.precision, type.scale);
    case TypeId::kDate:
      return Scalar::Date(column.Get<int32_t>(row));
    case TypeId::kTimestamp:
      return Scalar::Timestamp(column.Get<int64_t>(row));
    case TypeId::kString:
      return Scalar::String(std::string(column.GetString(row)));
  }
  return Scalar::Null(type);
}

ColumnPtr GatherRows(const Column& column, const uint32_t* rows, size_t count) {
  const DataType& type = column.type();
  ColumnPtr out;
  if (type.id == TypeId::kString && !column.is_dictionary()) {
    out = Column::Make(type);
    out->Reserve(count);
    for (size_t i = 0; i < count; ++i) {
      uint32_t r = rows[i];
      if (r == kNoRow || column.IsNull(r))
        out->AppendNull();
      else
        out->AppendString(column.GetString(r));
    }
    return out;
  }
  out = column.is_dictionary() ? Column::MakeDictionary(column.dictionary()) : Column::Make(type);
  out->Resize(count);
  size_t width = column.is_dictionary() ? 4 : type.FixedWidth();
  WithUnsignedOfWidth(width, [&](auto tag) {
    using T = decltype(tag);
    const T* src = column.data<T>();
    T* dst = out->data<T>();
    for (size_t i = 0; i < count; ++i) {
      uint32_t r = rows[i];
      dst[i] = r == kNoRow ? T{} : src[r];
    }
  });
  if (column.HasNulls()) {
    for (size_t i = 0; i < count; ++i)
      if (rows[i] == kNoRow || column.IsNull(rows[i])) out->SetNull(i);
  } else {
    for (size_t i = 0; i < count; ++i)
      if (rows[i] == kNoRow) out->SetNull(i);
  }
  return out;
}

ColumnPtr ConcatColumns(const std::vector<ColumnPtr>& parts, DataType type) {
  if (parts.size() == 1) return parts[0];
  size_t total = 0;
  bool same_dictionary = !parts.empty() && parts[0]->is_dictionary();
  for (const auto& p : parts) {
    total += p->size();
    if (!p->is_dictionary() || p->dictionary() != parts[0]->dictionary()) same_dictionary = false;
  }
  if (type.id == TypeId::kString && !same_dictionary) {
    size_t bytes = 0;
    for (const auto& p : parts)
      if (!p->is_dictionary()) bytes += p->chars().size();
    auto out = Column::Make(type);
    out->Reserve(total, bytes);
    for (const auto& p : parts)
      for (size_t i = 0; i < p->size(); ++i) {
        if (p->IsNull(i))
          out->AppendNull();
        else
          out->AppendString(p->GetString(i));
      }
    return out;
  }
  ColumnPtr out =
      same_dictionary ? Column::MakeDictionary(parts[0]->dictionary()) : Column::Make(type);
  out->Resize(total);
  size_t width = same_dictionary ? 4 : type.FixedWidth();
  size_t at = 0;
  for (const auto& p : parts) {
    if (p->size() > 0)
      std::memcpy(out->data<uint8_t>() + at * width, p->data<uint8_t>(), p->size() * width);
    if (p->HasNulls())
      for (size_t i = 0; i < p->size(); ++i)
        if (p->IsNull(i)) out->SetNull(at + i);
    at += p->size();
  }
  return out;
}

Batch ConcatBatches(const std::vector<Batch>& batches, std::shared_ptr<const Schema> schema) {
  for (const Batch& b : batches) TALLY_ASSERT(!b.selection);
  Batch out;
  out.schema = schema;
  if (batches.size() == 1) {
    out.columns = batches[0].columns;
    out.num_rows = batches[0].num_rows;
    return out;
  }
  for (size_t c = 0; c < schema->size(); ++c) {
    std::vector<ColumnPtr> parts;
    for (const auto& b : batches) parts.push_back(b.columns[c]);
    if (parts.empty())
      out.columns.push_back(Column::Make(schema->field(c).type));
    else
      out.columns.push_back(ConcatColumns(parts, schema->field(c).type));
  }
  for (const auto& b : batches) out.num_rows += b.num_rows;
  return out;
}

void CopyNulls(const Column& in, Column* out) {
  if (!in.HasNulls()) return;
  for (size_t i = 0; i < in.size(); ++i)
    if (in.IsNull(i)) out->SetNull(i);
}

std::vector<Batch> SplitBatch(const Batch& batch, size_t rows) {
  TALLY_ASSERT(!batch.selection);  // operators that take selections never get here
  std::vector<Batch> out;
  if (batch.num_rows <= rows) {
    out.push_back(batch);
    return out;
  }
  for (size_t start = 0; start < batch.num_rows; start += rows) {
    size_t n = std::min(rows, batch.num_rows - start);
    Batch slice;
    slice.schema = batch.schema;
    slice.num_rows = n;
    for (const auto& c : batch.columns) slice.columns.push_back(c->Slice(start, n));
    out.push_back(std::move(slice));
  }
  return out;
}

std::shared_ptr<const Schema> ProjectSchema(const Schema& schema, const std::vector<int>& columns) {
  std::vector<Field> fields;
  for (int c : columns) fields.push_back(schema.field(static_cast<size_t>(c)));
  return std::make_shared<Schema>(fields);
}

}  // namespace tally
