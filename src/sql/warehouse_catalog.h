#pragma once
// The warehouse as SQL sees it: its tables read as Parquet (a table without files reads as
// empty) and its views, for `tally sql`, `tally shell` and the Python package.
#include <optional>
#include <string>
#include <vector>

#include "catalog/warehouse.h"
#include "exec/data_source.h"
#include "sql/sql_binder.h"

namespace tally {

class WarehouseCatalog : public SqlCatalog {
 public:
  explicit WarehouseCatalog(const std::string& dir) : warehouse_(dir) {}
  Warehouse& warehouse() { return warehouse_; }
  DataSourcePtr FindTable(const std::string& name) const override {
    auto entry = warehouse_.FindTable(name);
    if (!entry) return nullptr;
    if (entry->files.empty()) return MakeMemorySource(entry->schema, {});
    return MakeParquetSource(warehouse_.FilePaths(*entry));
  }
  std::vector<std::string> TableNames() const override { return warehouse_.ListTables(); }
  std::optional<std::string> FindView(const std::string& name) const override {
    return warehouse_.FindView(name);
  }

 private:
  Warehouse warehouse_;
};

}  // namespace tally
