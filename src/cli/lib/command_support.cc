#include "cli/lib/command_support.h"

#include <fmt/format.h>

#include <ctime>

#include "catalog/warehouse.h"
#include "dist/communicator.h"

namespace tally {

std::pair<DataFrame, std::string> OpenWarehouseTable(const std::string& name,
                                                     const GlobalOptions& global) {
  Warehouse warehouse(global.WarehouseDir());
  TableEntry entry = warehouse.GetTable(name);
  std::string description = fmt::format("table {} ({})", name, warehouse.root());
  if (entry.files.empty()) return {DataFrame::FromTable(Table(entry.schema, {})), description};
  return {DataFrame::ReadParquet(warehouse.FilePaths(entry)), description};
}

bool WritesResults() {
  return CurrentCommunicator().rank() == 0;
}

std::string NowUtcText() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer;
}

}  // namespace tally
