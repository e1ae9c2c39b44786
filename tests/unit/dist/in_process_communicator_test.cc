#include "dist/in_process_communicator.h"

#include <gtest/gtest.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <mutex>
#include <thread>

#include "common/error.h"
#include "dist/host_name.h"
#include "exchange_pattern.h"

namespace tally {
namespace {

using testing::FirstMismatch;
using testing::PatternMessage;

// Runs RunInProcessRanks, failing the test (and ending the process) if it does not return in
// time: a hang is exactly what these tests guard against.
void RunRanksWithDeadline(int ranks, const std::function<void(Communicator&)>& fn) {
  auto done = std::async(std::launch::async, [&] { RunInProcessRanks(ranks, fn); });
  if (done.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    ADD_FAILURE() << "RunInProcessRanks did not return within 60 s";
    std::_Exit(1);
  }
  done.get();
}

// Per (sender, receiver) sizes covering empty, small and several-megabyte messages.
uint64_t MessageBytes(int step, int sender, int receiver) {
  switch (step) {
    case 0:
      return 0;
    case 1:
      return (sender * 7 + receiver * 3) % 11;
    default:
      if ((sender + 2 * receiver) % 3 == 0) return 0;
      return (uint64_t{3} << 20) + 1000 * sender + receiver;
  }
}

class InProcessRanks : public ::testing::TestWithParam<int> {};

TEST_P(InProcessRanks, AllToAllDeliversEveryMessage) {
  const int ranks = GetParam();
  std::mutex mutex;
  std::vector<std::string> problems;
  RunRanksWithDeadline(ranks, [&](Communicator& comm) {
    ASSERT_EQ(comm.size(), ranks);
    uint64_t expected_sent = 0;
    for (int step = 0; step < 3; ++step) {
      std::vector<std::string> send(ranks);
      for (int to = 0; to < ranks; ++to) {
        const uint64_t bytes = MessageBytes(step, comm.rank(), to);
        send[to] = PatternMessage(comm.rank(), to, step, bytes);
        if (to != comm.rank()) expected_sent += bytes;
      }
      std::vector<std::string> got = comm.AllToAll(std::move(send));
      std::lock_guard lock(mutex);
      if (static_cast<int>(got.size()) != ranks) {
        problems.push_back(fmt::format("rank {} got {} messages", comm.rank(), got.size()));
        continue;
      }
      for (int from = 0; from < ranks; ++from) {
        const uint64_t bytes = MessageBytes(step, from, comm.rank());
        const int64_t bad = FirstMismatch(got[from], from, comm.rank(), step, bytes);
        if (bad >= 0) {
          problems.push_back(fmt::format("step {}: {} -> {}: {} bytes instead of {}, first bad {}",
                                         step, from, comm.rank(), got[from].size(), bytes, bad));
        }
      }
    }
    std::lock_guard lock(mutex);
    if (comm.bytes_sent() != expected_sent) {
      problems.push_back(fmt::format("rank {} bytes_sent {} instead of {}", comm.rank(),
                                     comm.bytes_sent(), expected_sent));
    }
  });
  EXPECT_TRUE(problems.empty()) << fmt::format("{}", fmt::join(problems, "\n"));
}

TEST_P(InProcessRanks, AllGatherIsInRankOrder) {
  const int ranks = GetParam();
  std::mutex mutex;
  std::vector<std::vector<std::string>> results(ranks);
  std::vector<uint64_t> sent(ranks);
  RunRanksWithDeadline(ranks, [&](Communicator& comm) {
    // Rank 1 contributes nothing, to show empty entries keep their place.
    std::string mine = comm.rank() == 1 ? "" : fmt::format("r{}", comm.rank());
    std::vector<std::string> all = comm.AllGather(mine);
    std::lock_guard lock(mutex);
    results[comm.rank()] = all;
    sent[comm.rank()] = comm.bytes_sent();
  });
  std::vector<std::string> expected = {"r0", "", "r2", "r3"};
  expected.resize(ranks);
  for (int rank = 0; rank < ranks; ++rank) {
    EXPECT_EQ(results[rank], expected) << "on rank " << rank;
    // Each rank's bytes go to the ranks - 1 others: "rN" is 2 bytes, rank 1 sends none.
    EXPECT_EQ(sent[rank], rank == 1 ? 0u : 2u * (ranks - 1)) << "on rank " << rank;
  }
}

TEST_P(InProcessRanks, NoRankLeavesABarrierEarly) {
  const int ranks = GetParam();
  constexpr int kBarriers = 20;
  std::vector<std::atomic<int>> arrived(kBarriers);
  std::atomic<int> early{0};
  RunRanksWithDeadline(ranks, [&](Communicator& comm) {
    for (int i = 0; i < kBarriers; ++i) {
      // Stagger the ranks so that a barrier that lets anyone through early would be caught.
      if ((i + comm.rank()) % 3 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      arrived[i]++;
      comm.Barrier();
      if (arrived[i].load() != comm.size()) early++;
    }
  });
  EXPECT_EQ(early.load(), 0);
  for (int i = 0; i < kBarriers; ++i) EXPECT_EQ(arrived[i].load(), ranks);
}

TEST_P(InProcessRanks, ConsecutiveCollectivesDoNotMix) {
  const int ranks = GetParam();
  std::atomic<int> wrong{0};
  RunRanksWithDeadline(ranks, [&](Communicator& comm) {
    const int me = comm.rank();
    for (int step = 0; step < 200; ++step) {
      // Some ranks run ahead now and then, so calls overlap in time.
      if (step % 17 == me) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      if (step % 2 == 0) {
        std::vector<std::string> send(ranks);
        for (int to = 0; to < ranks; ++to) send[to] = fmt::format("{}:{}->{}", step, me, to);
        std::vector<std::string> got = comm.AllToAll(std::move(send));
        for (int from = 0; from < ranks; ++from) {
          if (got[from] != fmt::format("{}:{}->{}", step, from, me)) wrong++;
        }
      } else {
        std::vector<std::string> all = comm.AllGather(fmt::format("{}:{}", step, me));
        for (int from = 0; from < ranks; ++from) {
          if (all[from] != fmt::format("{}:{}", step, from)) wrong++;
        }
      }
    }
  });
  EXPECT_EQ(wrong.load(), 0);
}

TEST_P(InProcessRanks, EachRankSeesItsOwnCommunicatorAlsoInParallelTasks) {
  const int ranks = GetParam();
  std::atomic<int> wrong{0};
  std::atomic<int> on_workers{0};
  std::mutex mutex;
  std::vector<std::string> hosts(ranks);
  RunRanksWithDeadline(ranks, [&](Communicator& comm) {
    if (&CurrentCommunicator() != &comm) wrong++;
    // Slow enough iterations that oneTBB's worker threads join the rank's arena.
    const std::thread::id rank_thread = std::this_thread::get_id();
    tbb::parallel_for(0, 200, [&](int) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      if (&CurrentCommunicator() != &comm) wrong++;
      if (std::this_thread::get_id() != rank_thread) on_workers++;
    });
    // The engine creates arenas of its own; the rank's thread keeps its communicator there.
    tbb::task_arena nested(2);
    nested.execute([&] {
      if (&CurrentCommunicator() != &comm) wrong++;
    });
    if (&CurrentCommunicator() != &comm) wrong++;
    std::lock_guard lock(mutex);
    hosts[comm.rank()] = comm.host();
  });
  EXPECT_EQ(wrong.load(), 0);
  // How many iterations ran on worker threads depends on the machine; shown for information.
  RecordProperty("iterations_on_workers", on_workers.load());
  for (int rank = 0; rank < ranks; ++rank) {
    EXPECT_EQ(hosts[rank], fmt::format("{}#{}", LocalHostName(), rank));
  }
  // Back on this thread, outside the run: the built-in single rank.
  EXPECT_EQ(CurrentCommunicator().size(), 1);
}

INSTANTIATE_TEST_SUITE_P(Ranks, InProcessRanks, ::testing::Values(1, 2, 3, 4));

// What each rank saw when the run failed: the message of the error its collective call threw
// ("" if none), and whether a later collective call threw as well.
struct Observed {
  std::string first;
  bool later_call_threw = false;
};

TEST(InProcessFailure, ARankThatThrowsStopsTheOthers) {
  constexpr int kRanks = 4;
  std::mutex mutex;
  std::vector<Observed> observed(kRanks);
  const auto start = std::chrono::steady_clock::now();
  try {
    RunRanksWithDeadline(kRanks, [&](Communicator& comm) {
      comm.Barrier();
      if (comm.rank() == 2) throw Error("disk full");
      // The others keep exchanging; the next call must throw instead of waiting for rank 2.
      try {
        for (int i = 0; i < 1000; ++i) comm.AllToAll(std::vector<std::string>(kRanks, "x"));
      } catch (const Error& e) {
        std::lock_guard lock(mutex);
        observed[comm.rank()].first = e.what();
      }
      try {
        comm.Barrier();
      } catch (const Error&) {
        std::lock_guard lock(mutex);
        observed[comm.rank()].later_call_threw = true;
        throw;
      }
    });
    FAIL() << "RunInProcessRanks did not rethrow";
  } catch (const Error& e) {
    // The original error, not one of the consequences.
    EXPECT_STREQ(e.what(), "disk full");
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  for (int rank : {0, 1, 3}) {
    EXPECT_EQ(observed[rank].first, "rank 2 failed: disk full") << "on rank " << rank;
    EXPECT_TRUE(observed[rank].later_call_threw) << "on rank " << rank;
  }
}

TEST(InProcessFailure, FailureBeforeAnyCollectiveWakesWaitingRanks) {
  std::atomic<int> woken{0};
  EXPECT_THROW(RunRanksWithDeadline(3,
                                    [&](Communicator& comm) {
                                      if (comm.rank() == 0) {
                                        // Let the others block in the barrier first.
                                        std::this_thread::sleep_for(std::chrono::milliseconds(50));
                                        throw std::runtime_error("bad input");
                                      }
                                      try {
                                        comm.Barrier();
                                      } catch (const Error&) {
                                        woken++;
                                        throw;
                                      }
                                    }),
               std::runtime_error);
  EXPECT_EQ(woken.load(), 2);
}

TEST(InProcessFailure, AbortEndsTheRun) {
  std::mutex mutex;
  std::vector<std::string> seen(3);
  try {
    RunRanksWithDeadline(3, [&](Communicator& comm) {
      if (comm.rank() == 1) comm.Abort(3);
      try {
        comm.AllGather("x");
      } catch (const Error& e) {
        std::lock_guard lock(mutex);
        seen[comm.rank()] = e.what();
      }
    });
    FAIL() << "RunInProcessRanks did not rethrow";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "rank 1 aborted the run with exit code 3");
  }
  EXPECT_EQ(seen[0], "rank 1 aborted the run with exit code 3");
  EXPECT_EQ(seen[2], "rank 1 aborted the run with exit code 3");
}

TEST(InProcessFailure, ARankThatSkipsACollectiveDoesNotHangTheOthers) {
  // A bug (ranks making different numbers of calls) must fail, not wait forever.
  EXPECT_THROW(RunRanksWithDeadline(3,
                                    [](Communicator& comm) {
                                      if (comm.rank() != 2) comm.Barrier();
                                    }),
               InternalError);
}

TEST(InProcessFailure, DifferentCollectivesAtTheSameStepAreABug) {
  EXPECT_THROW(RunRanksWithDeadline(2,
                                    [](Communicator& comm) {
                                      if (comm.rank() == 0) {
                                        comm.Barrier();
                                      } else {
                                        comm.AllGather("x");
                                      }
                                    }),
               InternalError);
}

TEST(InProcessFailure, NeedsAtLeastOneRank) {
  EXPECT_THROW(RunInProcessRanks(0, [](Communicator&) {}), Error);
}

}  // namespace
}  // namespace tally
