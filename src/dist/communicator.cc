// CurrentCommunicator(): the thread's communicator, else the process's, else a built-in run of
// one rank, so code that is not distributed needs no special case.
#include "dist/communicator.h"

#include <atomic>

#include "common/error.h"
#include "dist/host_name.h"
#include "dist/thread_communicator.h"

namespace tally {
namespace {

// A run of one rank: every collective only hands this rank's own data back.
class SingleRankCommunicator final : public Communicator {
 public:
  SingleRankCommunicator() : host_(LocalHostName()) {}

  int rank() const override { return 0; }
  int size() const override { return 1; }
  const std::string& host() const override { return host_; }

  void Barrier() override {}
  std::vector<std::string> AllToAll(std::vector<std::string> send) override {
    TALLY_ASSERT(send.size() == 1);
    return send;
  }
  std::vector<std::string> AllGather(std::string mine) override {
    std::vector<std::string> all;
    all.push_back(std::move(mine));
    return all;
  }
  [[noreturn]] void Abort(int exit_code) override {
    throw Error(fmt::format("aborted with exit code {}", exit_code));
  }

 private:
  std::string host_;
};

thread_local Communicator* thread_communicator = nullptr;

// The process's communicator is set once at start-up (before worker threads exist) but read
// from every thread, hence the atomic pointer next to the owning one.
std::unique_ptr<Communicator>& ProcessCommunicatorStorage() {
  static std::unique_ptr<Communicator> storage;
  return storage;
}
std::atomic<Communicator*> process_communicator{nullptr};

}  // namespace

Communicator* ThreadCommunicator() {
  return thread_communicator;
}

void SetThreadCommunicator(Communicator* comm) {
  thread_communicator = comm;
}

Communicator& CurrentCommunicator() {
  if (thread_communicator != nullptr) return *thread_communicator;
  if (Communicator* process = process_communicator.load(std::memory_order_acquire)) {
    return *process;
  }
  static SingleRankCommunicator single_rank;
  return single_rank;
}

void SetProcessCommunicator(std::unique_ptr<Communicator> comm) {
  process_communicator.store(comm.get(), std::memory_order_release);
  ProcessCommunicatorStorage() = std::move(comm);
}

}  // namespace tally
