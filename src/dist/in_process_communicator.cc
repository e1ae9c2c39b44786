#include "dist/in_process_communicator.h"

#include <tbb/task_arena.h>
#include <tbb/task_scheduler_observer.h>

#include <memory>
#include <thread>

#include "common/error.h"
#include "dist/host_name.h"
#include "dist/thread_communicator.h"

namespace tally {
namespace {

std::string Describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

// The thread's communicator from before it joined a rank's arena. A thread is in one arena at a
// time, and oneTBB reports leaving the outer arena before entering a nested one, so one slot is
// enough.
thread_local Communicator* communicator_before_arena = nullptr;

// Makes every thread that works in a rank's arena (the rank's own thread and the oneTBB workers
// that join it) see that rank's communicator as its current one. A worker that enters an arena
// nested inside the rank's (one created by the engine) sees the process's communicator there.
class RankArenaObserver final : public tbb::task_scheduler_observer {
 public:
  RankArenaObserver(tbb::task_arena& arena, Communicator& comm)
      : tbb::task_scheduler_observer(arena), comm_(comm) {
    observe(true);
  }
  // Stop the callbacks before this object's members go away.
  ~RankArenaObserver() override { observe(false); }

  void on_scheduler_entry(bool /*is_worker*/) override {
    communicator_before_arena = ThreadCommunicator();
    SetThreadCommunicator(&comm_);
  }
  void on_scheduler_exit(bool /*is_worker*/) override {
    SetThreadCommunicator(communicator_before_arena);
    communicator_before_arena = nullptr;
  }

 private:
  Communicator& comm_;
};

// The body of one rank's thread: never throws; a failure is recorded in the group instead.
void RunRank(InProcessGroup& group, InProcessCommunicator& comm,
             const std::function<void(Communicator&)>& fn) {
  try {
    // Each rank gets its own arena so that one rank's parallel loops never run another rank's
    // tasks (and its collective calls never block another rank's work).
    tbb::task_arena arena;
    ScopedThreadCommunicator scope(&comm);
    RankArenaObserver observer(arena, comm);
    arena.execute([&] { fn(comm); });
  } catch (...) {
    std::exception_ptr error = std::current_exception();
    group.Fail(error, fmt::format("rank {} failed: {}", comm.rank(), Describe(error)));
  }
  group.Finished();
}

}  // namespace

InProcessGroup::InProcessGroup(int size) : size_(size), outboxes_(size) {}

std::vector<std::string> InProcessGroup::Exchange(int rank, uint64_t local_index, Kind kind,
                                                  std::vector<std::string> outbox) {
  std::unique_lock lock(mutex_);
  // Wait until the previous collective has been taken by everyone.
  changed_.wait(lock, [&] {
    return !failure_.empty() || (generation_ == local_index && phase_ == Phase::kCollecting);
  });
  if (!failure_.empty()) ThrowFailed();
  if (arrived_ == 0) {
    kind_ = kind;
  } else if (kind_ != kind) {
    auto error = std::make_exception_ptr(InternalError(fmt::format(
        "rank {} made a different collective call than the others (call #{})", rank, local_index)));
    lock.unlock();
    Fail(error, fmt::format("rank {} failed: {}", rank, Describe(error)));
    std::rethrow_exception(error);
  }
  outboxes_[rank] = std::move(outbox);
  if (++arrived_ == size_) {
    phase_ = Phase::kDelivering;
    changed_.notify_all();
  } else {
    changed_.wait(lock, [&] {
      return !failure_.empty() || phase_ == Phase::kDelivering || finished_ranks_ > 0;
    });
    // A call that every rank made is complete even if a rank failed right after it: deliver it,
    // the next call throws.
    if (phase_ != Phase::kDelivering && !failure_.empty()) ThrowFailed();
    if (phase_ != Phase::kDelivering) {
      // A rank returned from its function without making this call, so it will never arrive.
      auto error = std::make_exception_ptr(InternalError(fmt::format(
          "rank {} waits in collective call #{} that another rank never made", rank, local_index)));
      lock.unlock();
      Fail(error, fmt::format("rank {} failed: {}", rank, Describe(error)));
      std::rethrow_exception(error);
    }
  }
  lock.unlock();

  // The outboxes stay put until every rank has taken its messages, and each rank moves only
  // the entries addressed to it, so the copying needs no lock.
  std::vector<std::string> inbox;
  if (kind == Kind::kAllToAll) {
    inbox.resize(size_);
    for (int sender = 0; sender < size_; ++sender) {
      inbox[sender] = std::move(outboxes_[sender][rank]);
    }
  } else if (kind == Kind::kAllGather) {
    inbox.resize(size_);
    for (int sender = 0; sender < size_; ++sender) inbox[sender] = outboxes_[sender][0];
  }

  lock.lock();
  if (++taken_ == size_) {
    for (auto& box : outboxes_) box.clear();
    arrived_ = 0;
    taken_ = 0;
    ++generation_;
    phase_ = Phase::kCollecting;
    changed_.notify_all();
  }
  return inbox;
}

void InProcessGroup::Fail(std::exception_ptr error, std::string reason) {
  std::lock_guard lock(mutex_);
  if (!failure_.empty()) return;
  failure_ = std::move(reason);
  first_error_ = std::move(error);
  changed_.notify_all();
}

void InProcessGroup::Finished() {
  std::lock_guard lock(mutex_);
  ++finished_ranks_;
  changed_.notify_all();
}

std::exception_ptr InProcessGroup::first_error() const {
  std::lock_guard lock(mutex_);
  return first_error_;
}

void InProcessGroup::ThrowFailed() const {
  throw Error(failure_);
}

InProcessCommunicator::InProcessCommunicator(InProcessGroup& group, int rank, std::string host)
    : group_(group), rank_(rank), host_(std::move(host)) {}

void InProcessCommunicator::Barrier() {
  group_.Exchange(rank_, collectives_++, InProcessGroup::Kind::kBarrier, {});
}

std::vector<std::string> InProcessCommunicator::AllToAll(std::vector<std::string> send) {
  TALLY_ASSERT(static_cast<int>(send.size()) == size());
  for (int receiver = 0; receiver < size(); ++receiver) {
    if (receiver != rank_) bytes_sent_ += send[receiver].size();
  }
  return group_.Exchange(rank_, collectives_++, InProcessGroup::Kind::kAllToAll, std::move(send));
}

std::vector<std::string> InProcessCommunicator::AllGather(std::string mine) {
  bytes_sent_ += mine.size() * static_cast<uint64_t>(size() - 1);
  std::vector<std::string> outbox;
  outbox.push_back(std::move(mine));
  return group_.Exchange(rank_, collectives_++, InProcessGroup::Kind::kAllGather,
                         std::move(outbox));
}

void InProcessCommunicator::Abort(int exit_code) {
  std::string reason = fmt::format("rank {} aborted the run with exit code {}", rank_, exit_code);
  auto error = std::make_exception_ptr(Error(reason));
  group_.Fail(error, reason);
  std::rethrow_exception(error);
}

void RunInProcessRanks(int ranks, const std::function<void(Communicator&)>& fn) {
  if (ranks < 1) ThrowError("a run needs at least one rank, not {}", ranks);
  InProcessGroup group(ranks);
  const std::string host = LocalHostName();
  std::vector<std::unique_ptr<InProcessCommunicator>> comms;
  for (int rank = 0; rank < ranks; ++rank) {
    comms.push_back(
        std::make_unique<InProcessCommunicator>(group, rank, fmt::format("{}#{}", host, rank)));
  }
  std::vector<std::thread> threads;
  threads.reserve(ranks);
  try {
    for (int rank = 0; rank < ranks; ++rank) {
      threads.emplace_back([&group, &fn, comm = comms[rank].get()] { RunRank(group, *comm, fn); });
    }
  } catch (...) {
    // Could not start every thread: the ones started must not wait for the missing ranks.
    std::exception_ptr error = std::current_exception();
    group.Fail(error, fmt::format("could not start rank {}: {}", threads.size(), Describe(error)));
  }
  for (std::thread& thread : threads) thread.join();
  if (std::exception_ptr error = group.first_error()) std::rethrow_exception(error);
}

}  // namespace tally
