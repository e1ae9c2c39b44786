#include "vector/batch.h"

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

}  // namespace tally
