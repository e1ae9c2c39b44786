#pragma once
// Generated rows as a Batch of the built-in retail schema (RetailSchema()), for writing
// straight into a warehouse table without a CSV round trip. stock_code, description and
// country are dictionary-encoded against the catalog, shared by all batches.
#include <memory>

#include "generate/retail_generator.h"
#include "vector/batch.h"

namespace tally::generate {

class RetailBatchBuilder {
 public:
  explicit RetailBatchBuilder(const RetailGenerator& generator);

  const std::shared_ptr<const Schema>& schema() const { return schema_; }
  Batch Build(const RowBlock& rows) const;

 private:
  std::shared_ptr<const Schema> schema_;
  std::shared_ptr<const Column> stock_codes_, descriptions_, countries_;
};

}  // namespace tally::generate
