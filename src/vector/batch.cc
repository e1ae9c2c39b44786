#include "vector/batch.h"

#include <algorithm>

namespace tally {

Batch Batch::Empty(std::shared_ptr<const Schema> schema) {
  Batch batch;
  for (const auto& field : schema->fields()) batch.columns.push_back(Column::Make(field.type));
  batch.schema = std::move(schema);
  return batch;
}

size_t Batch::MemoryBytes() const {
  size_t total = 0;
  for (const auto& c : columns) total += c->MemoryBytes();
  return total;
}

Batch Compacted(Batch batch, const std::vector<uint8_t>* used) {
  if (!batch.selection) return batch;
  const std::vector<uint32_t>& rows = *batch.selection;
  for (size_t i = 0; i < batch.columns.size(); ++i) {
    if (used && !(*used)[i])
      batch.columns[i] = Column::Make(batch.columns[i]->type());
    else
      batch.columns[i] = batch.columns[i]->Take(rows);
  }
  batch.selection = nullptr;
  return batch;
}

Selection SelectRows(const Batch& batch, std::vector<uint32_t> rows) {
  if (batch.selection)
    for (uint32_t& r : rows) r = (*batch.selection)[r];
  return std::make_shared<const std::vector<uint32_t>>(std::move(rows));
}

size_t BatchRowsFor(const Schema& schema) {
  // About 16 MiB of values per batch (strings counted as 16 bytes), at least 64 rows.
  constexpr size_t kBatchBytes = size_t{16} << 20;
  size_t row_bytes = 0;
  for (const Field& field : schema.fields())
    row_bytes += field.type.IsFixedWidth() ? field.type.FixedWidth() : 16;
  if (row_bytes == 0) return kDefaultBatchRows;
  return std::clamp<size_t>(kBatchBytes / row_bytes, 64, kDefaultBatchRows);
}

}  // namespace tally
