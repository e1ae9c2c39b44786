#pragma once
// A materialized query result: a schema and batches.
#include <memory>
#include <string>
#include <vector>

#include "common/scalar.h"
#include "vector/batch.h"

namespace tally {

class Table {
 public:
  Table() : schema_(std::make_shared<Schema>()) {}
  Table(std::shared_ptr<const Schema> schema, std::vector<Batch> batches);

  const std::shared_ptr<const Schema>& schema() const { return schema_; }
  const std::vector<Batch>& batches() const { return batches_; }
  size_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return schema_->size(); }

  // The whole column (batches concatenated); throws Error for an unknown name.
  ColumnPtr column(const std::string& name) const;
  ColumnPtr column(size_t index) const;
  Scalar GetScalar(size_t row, size_t column) const;
  Scalar GetScalar(size_t row, const std::string& column) const;
  // An aligned text table, for debugging and tests (at most `max_rows` rows).
  std::string ToString(size_t max_rows = 100) const;

 private:
  std::shared_ptr<const Schema> schema_;
  std::vector<Batch> batches_;
  size_t num_rows_ = 0;
};

}  // namespace tally
