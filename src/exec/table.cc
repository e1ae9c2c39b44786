#include "exec/table.h"

#include <fmt/format.h>

#include "common/error.h"
#include "exec/column_util.h"

namespace tally {

Table::Table(std::shared_ptr<const Schema> schema, std::vector<Batch> batches)
    : schema_(std::move(schema)), batches_(std::move(batches)) {
  for (const auto& b : batches_) num_rows_ += b.num_rows;
}

ColumnPtr Table::column(size_t index) const {
  TALLY_ASSERT(index < schema_->size());
  std::vector<ColumnPtr> parts;
  for (const auto& b : batches_) parts.push_back(b.columns[index]);
  if (parts.empty()) return Column::Make(schema_->field(index).type);
  return ConcatColumns(parts, schema_->field(index).type);
}

ColumnPtr Table::column(const std::string& name) const {
  int index = schema_->IndexOf(name);
  if (index < 0) ThrowError("unknown column \"{}\" in result ({})", name, schema_->ToString());
  return column(static_cast<size_t>(index));
}

Scalar Table::GetScalar(size_t row, size_t column) const {
  for (const auto& b : batches_) {
    if (row < b.num_rows) return ColumnScalar(*b.columns[column], row);
    row -= b.num_rows;
  }
  ThrowError("row {} is out of range", row);
}

Scalar Table::GetScalar(size_t row, const std::string& column) const {
  int index = schema_->IndexOf(column);
  if (index < 0) ThrowError("unknown column \"{}\"", column);
  return GetScalar(row, static_cast<size_t>(index));
}

std::string Table::ToString(size_t max_rows) const {
  size_t n = std::min(max_rows, num_rows_);
  std::vector<std::vector<std::string>> cells(schema_->size());
  std::vector<size_t> width(schema_->size());
  for (size_t c = 0; c < schema_->size(); ++c) {
    cells[c].push_back(schema_->field(c).name);
    for (size_t r = 0; r < n; ++r) cells[c].push_back(GetScalar(r, c).ToString());
    for (const auto& s : cells[c]) width[c] = std::max(width[c], s.size());
  }
  std::string out;
  for (size_t r = 0; r <= n; ++r) {
    for (size_t c = 0; c < schema_->size(); ++c)
      out += fmt::format("{}{:<{}}", c ? " | " : "", cells[c][r], width[c]);
    out += "\n";
  }
  if (n < num_rows_) out += fmt::format("... ({} rows)\n", num_rows_);
  return out;
}

}  // namespace tally
