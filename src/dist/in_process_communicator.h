#pragma once
// The in-process backend: the ranks of a run are threads of one process that exchange messages
// through a shared area. It runs the distributed code paths in unit tests and on one machine
// without an MPI launcher. Each rank's host() is "<host name>#<rank>" so that statistics per
// host still tell the ranks apart.
//
// Collective calls must be made from the rank's own thread (the one RunInProcessRanks starts);
// tasks running in the rank's oneTBB arena see the rank's communicator as their current one
// but must not call collectives.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include "dist/communicator.h"

namespace tally {

// The state shared by the ranks of one in-process run.
class InProcessGroup {
 public:
  explicit InProcessGroup(int size);

  int size() const { return size_; }

  // One collective call by `rank`, its `local_index`-th: deposits `outbox` (one message per
  // receiver, or a single message that every rank receives when `broadcast`), waits for every
  // rank, and returns the messages addressed to `rank`, indexed by sender. Throws when another
  // rank failed.
  enum class Kind { kBarrier, kAllToAll, kAllGather };
  std::vector<std::string> Exchange(int rank, uint64_t local_index, Kind kind,
                                    std::vector<std::string> outbox);

  // Marks the run failed unless it already failed: every pending and later collective call
  // throws tally::Error(reason). The first error is kept for RunInProcessRanks to rethrow.
  void Fail(std::exception_ptr error, std::string reason);
  // Called when a rank's function returned: ranks still waiting for it in a collective call
  // could wait forever, so they fail instead.
  void Finished();
  std::exception_ptr first_error() const;

 private:
  // Throws the error the waiting ranks report. Requires mutex_.
  [[noreturn]] void ThrowFailed() const;

  const int size_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  // The collective being exchanged: ranks deposit until all `size_` have arrived
  // (kCollecting), then take their messages (kDelivering); the last one to take clears the area
  // and moves on to the next generation, so a fast rank's next call cannot mix with this one.
  enum class Phase { kCollecting, kDelivering };
  Phase phase_ = Phase::kCollecting;
  uint64_t generation_ = 0;
  Kind kind_ = Kind::kBarrier;
  int arrived_ = 0;
  int taken_ = 0;
  std::vector<std::vector<std::string>> outboxes_;  // [sender][receiver], or [sender][0]
  int finished_ranks_ = 0;
  std::string failure_;  // "rank R failed: ...", empty while the run is healthy
  std::exception_ptr first_error_;
};

class InProcessCommunicator final : public Communicator {
 public:
  InProcessCommunicator(InProcessGroup& group, int rank, std::string host);

  int rank() const override { return rank_; }
  int size() const override { return group_.size(); }
  const std::string& host() const override { return host_; }

  void Barrier() override;
  std::vector<std::string> AllToAll(std::vector<std::string> send) override;
  std::vector<std::string> AllGather(std::string mine) override;
  [[noreturn]] void Abort(int exit_code) override;

 private:
  InProcessGroup& group_;
  const int rank_;
  const std::string host_;
  uint64_t collectives_ = 0;  // collective calls made so far by this rank
};

}  // namespace tally
