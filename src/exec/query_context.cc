#include "exec/query_context.h"

#include "exec/spill_file.h"

namespace tally {

namespace {

std::atomic<uint64_t> g_default_broadcast_join_rows{QueryContext::kDefaultBroadcastJoinRows};

}  // namespace

void SetDefaultBroadcastJoinRows(uint64_t rows) {
  g_default_broadcast_join_rows.store(rows);
}

QueryContext::QueryContext()
    : budget_(&GlobalMemoryBudget()),
      spill_temp_dir_(SpillTempDir()),
      communicator_(&CurrentCommunicator()),
      broadcast_join_rows_(g_default_broadcast_join_rows.load()) {}

void QueryContext::set_memory_limit(size_t bytes) {
  own_budget_ = std::make_shared<MemoryBudget>(bytes);
  budget_ = own_budget_.get();
}

}  // namespace tally
