#pragma once
// What one query runs with: its memory budget, where it spills, the communicator of its ranks,
// its progress and its cancellation. Every operator takes these from the query's context, so
// two queries of one process run side by side with budgets and spill places of their own, and
// a query can be stopped from another thread.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "common/error.h"
#include "common/memory_budget.h"
#include "dist/communicator.h"
#include "exec/plan_profile.h"

namespace tally {

// Thrown out of a query that was cancelled.
class QueryCancelled : public Error {
 public:
  QueryCancelled() : Error("query cancelled") {}
};

// Counters a query advances as it reads its input; readable from any thread while it runs.
struct QueryProgress {
  std::atomic<uint64_t> batches_scanned{0};
  std::atomic<uint64_t> rows_scanned{0};
};

class QueryContext {
 public:
  // The process's defaults: the process budget (shared by the queries that have no budget of
  // their own), the default spill location (SetSpillTempDir), and the calling thread's
  // communicator.
  QueryContext();
  static std::shared_ptr<QueryContext> Default() { return std::make_shared<QueryContext>(); }

  MemoryBudget& budget() const { return *budget_; }
  // Gives this query a budget of its own.
  void set_memory_limit(size_t bytes);

  // The directory under which this query's spill files go ("" = $TMPDIR or /tmp).
  const std::string& spill_temp_dir() const { return spill_temp_dir_; }
  void set_spill_temp_dir(std::string dir) { spill_temp_dir_ = std::move(dir); }

  Communicator& communicator() const { return *communicator_; }
  // In a distributed run, a join of two sharded inputs whose build (right) side is estimated
  // at this many rows or more shuffles both sides by key; a smaller build side is gathered
  // whole on every rank (broadcast).
  static constexpr uint64_t kDefaultBroadcastJoinRows = 1'000'000;
  uint64_t broadcast_join_rows() const { return broadcast_join_rows_; }
  void set_broadcast_join_rows(uint64_t rows) { broadcast_join_rows_ = rows; }
  // `comm` must outlive the query.
  void set_communicator(Communicator& comm) { communicator_ = &comm; }

  // Asks the query to stop: the operators check between batches and throw QueryCancelled.
  // Callable from any thread, also before the query starts.
  void Cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  bool cancelled() const { return cancelled_.load(std::memory_order_relaxed); }
  void ThrowIfCancelled() const {
    if (cancelled()) throw QueryCancelled();
  }

  // Set while EXPLAIN ANALYZE runs the query: every operator counts its rows and time there.
  const std::shared_ptr<PlanProfile>& profile() const { return profile_; }
  void set_profile(std::shared_ptr<PlanProfile> profile) { profile_ = std::move(profile); }

  QueryProgress& progress() { return progress_; }
  const QueryProgress& progress() const { return progress_; }

 private:
  std::shared_ptr<MemoryBudget> own_budget_;
  MemoryBudget* budget_;
  std::string spill_temp_dir_;
  Communicator* communicator_;
  uint64_t broadcast_join_rows_;
  std::atomic<bool> cancelled_{false};
  QueryProgress progress_;
  std::shared_ptr<PlanProfile> profile_;
};

using QueryContextPtr = std::shared_ptr<QueryContext>;

// The broadcast_join_rows() of the queries made from now on (the CLI's --broadcast-join-rows).
void SetDefaultBroadcastJoinRows(uint64_t rows);

}  // namespace tally
