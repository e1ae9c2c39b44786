#include "exec/query_context.h"

#include "exec/spill_file.h"

namespace tally {

QueryContext::QueryContext()
    : budget_(&GlobalMemoryBudget()),
      spill_temp_dir_(SpillTempDir()),
      communicator_(&CurrentCommunicator()) {}

void QueryContext::set_memory_limit(size_t bytes) {
  own_budget_ = std::make_shared<MemoryBudget>(bytes);
  budget_ = own_budget_.get();
}

}  // namespace tally
