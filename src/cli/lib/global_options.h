#pragma once
// Options every tally command accepts.
#include <cstdlib>
#include <string>

namespace tally {

struct GlobalOptions {
  std::string warehouse;  // --warehouse, else $TALLY_WAREHOUSE, else ./warehouse
  bool quiet = false;     // --quiet: no progress or summaries on stderr

  std::string WarehouseDir() const {
    if (!warehouse.empty()) return warehouse;
    const char* env = std::getenv("TALLY_WAREHOUSE");
    return env && *env ? env : "warehouse";
  }
};

}  // namespace tally
