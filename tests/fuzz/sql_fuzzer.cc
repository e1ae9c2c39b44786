// Fuzzes SQL text from statement splitting to an optimized plan: the statement scanner,
// DESCRIBE's extraction, PostgreSQL's parser (libpg_query), the binder (scopes, typing,
// subqueries, grouping, windows, string_agg) and the optimizer's passes, over two small
// in-memory tables. Queries are bound and optimized, not run (a fuzzed cross product could run
// for ever); uncorrelated subqueries the binder computes do run. Bad input must end in
// tally::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error.h"
#include "exec/column_util.h"
#include "exec/data_source.h"
#include "exec/optimizer.h"
#include "fuzz_input.h"
#include "sql/sql_binder.h"
#include "sql/sql_parse.h"

namespace {

// t (a int, b text, c double, d date, e numeric(10,2)) and u (a bigint, s text), a few rows
// each.
class FuzzCatalog : public tally::SqlCatalog {
 public:
  FuzzCatalog() {
    using tally::DataType;
    t_ = Table({{"a", DataType::Int32()},
                {"b", DataType::String()},
                {"c", DataType::Double()},
                {"d", DataType::Date()},
                {"e", DataType::Decimal(10, 2)}});
    u_ = Table({{"a", DataType::Int64()}, {"s", DataType::String()}});
  }
  tally::DataSourcePtr FindTable(const std::string& name) const override {
    return name == "t" ? t_ : name == "u" ? u_ : nullptr;
  }
  std::vector<std::string> TableNames() const override { return {"t", "u"}; }

 private:
  static tally::DataSourcePtr Table(std::vector<tally::Field> fields) {
    auto schema = std::make_shared<const tally::Schema>(fields);
    tally::Batch batch;
    batch.schema = schema;
    batch.num_rows = 3;
    for (const auto& f : fields) {
      auto column = tally::Column::Make(f.type);
      for (int i = 0; i < 3; ++i) {
        if (i == 2) {
          column->AppendNull();
          continue;
        }
        const char* text = f.type.id == tally::TypeId::kString ? (i ? "x" : "")
                           : f.type.id == tally::TypeId::kDate ? (i ? "2011-12-09" : "2010-12-01")
                                                               : (i ? "2" : "1");
        tally::Scalar v = tally::Scalar::Parse(f.type, text);
        column->AppendFrom(*tally::BroadcastScalar(v, 1), 0);
      }
      batch.columns.push_back(column);
    }
    return tally::MakeMemorySource(schema, {batch});
  }
  tally::DataSourcePtr t_, u_;
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  tally::fuzz::LimitMemory();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const FuzzCatalog catalog;
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    tally::SplitStatements(text);
    for (const tally::SqlStatement& statement : tally::ParseSql(text)) {
      if (statement.tree.begin().key() != "SelectStmt") continue;
      tally::Optimize(tally::BindQuery(statement.tree, text, catalog));
    }
  } catch (const tally::Error&) {
  }
  return 0;
}
