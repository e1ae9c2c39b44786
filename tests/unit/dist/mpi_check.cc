// Checks the MPI backend between real processes; run under mpirun (see CMakeLists.txt):
//   mpirun -np 3 dist_mpi_check [--round-bytes N] [--abort]
// Every rank checks what it received against messages it recomputes itself, and exits with 1
// on any mismatch (mpirun then fails too). A small --round-bytes makes every large message
// travel in many rounds, as multi-gigabyte ones do with the default.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dist/communicator.h"
#include "dist/mpi_communicator.h"
#include "exchange_pattern.h"

namespace tally {
namespace {

using testing::FirstMismatch;
using testing::PatternMessage;

struct Checker {
  int rank = 0;
  int failures = 0;
  void Expect(bool ok, const std::string& what) {
    if (ok) return;
    ++failures;
    fmt::print(stderr, "dist_mpi_check: rank {}: {}\n", rank, what);
  }
};

// The size of the message from `sender` to `receiver` in AllToAll step `step`: empty, small,
// large (spanning several rounds), and a step where only one pair sends, so that ranks with
// nothing to send still join every round.
uint64_t AllToAllBytes(int step, int sender, int receiver, int ranks, uint64_t large) {
  switch (step) {
    case 0:
      return 0;
    case 1:
      return (sender * 7 + receiver * 3) % 11;
    case 2:
      if ((sender + 2 * receiver) % 3 == 0) return 0;
      return large * ((sender + receiver) % 3 + 1) / 3 + sender;
    default:
      return sender == 0 && receiver == ranks - 1 ? large + 1 : 0;
  }
}

uint64_t AllGatherBytes(int step, int sender, uint64_t large) {
  if (step == 0) return sender == 1 ? 0 : sender + 1;
  return sender % 2 == 0 ? large + 3 * sender : 0;
}

int Run(int argc, char** argv) {
  MpiOptions options;
  bool abort = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--round-bytes") == 0 && i + 1 < argc) {
      options.round_bytes = std::stoull(argv[++i]);
    } else if (std::strcmp(argv[i], "--abort") == 0) {
      abort = true;
    }
  }
  SetProcessCommunicator(MakeMpiCommunicator(&argc, &argv, options));
  Communicator& comm = CurrentCommunicator();
  const int ranks = comm.size();
  const int me = comm.rank();
  Checker check{me};

  if (abort) {
    // --abort: the last rank ends the run with exit code 3 while the others wait in a
    // collective call that it never joins; mpirun must end them all and report the code.
    comm.Barrier();
    if (me == ranks - 1) comm.Abort(3);
    comm.AllGather("never delivered");
    fmt::print(stderr, "dist_mpi_check: rank {} returned from a collective call after Abort\n", me);
    return 1;
  }

  check.Expect(MpiBuilt(), "MpiBuilt() is false in a build with MPI");
  check.Expect(LaunchedAsMpiRanks() == (ranks > 1),
               fmt::format("LaunchedAsMpiRanks() is wrong for {} ranks", ranks));
  if (const char* env_rank = std::getenv("OMPI_COMM_WORLD_RANK")) {
    check.Expect(std::atoi(env_rank) == me, "rank differs from OMPI_COMM_WORLD_RANK");
  }
  check.Expect(!comm.host().empty(), "host() is empty");

  // Messages of a few MB with the default round size; with a small one, about ten rounds.
  const uint64_t large = options.round_bytes < kDefaultRoundBytes
                             ? ChunkBytesPerPeer(options.round_bytes, ranks) * 9 + 5
                             : (uint64_t{3} << 20) + 123;
  uint64_t expected_sent = 0;

  for (int step = 0; step < 4; ++step) {
    std::vector<std::string> send(ranks);
    for (int to = 0; to < ranks; ++to) {
      const uint64_t bytes = AllToAllBytes(step, me, to, ranks, large);
      send[to] = PatternMessage(me, to, step, bytes);
      if (to != me) expected_sent += bytes;
    }
    std::vector<std::string> got = comm.AllToAll(std::move(send));
    check.Expect(static_cast<int>(got.size()) == ranks, "AllToAll returned the wrong count");
    for (int from = 0; from < ranks && from < static_cast<int>(got.size()); ++from) {
      const uint64_t bytes = AllToAllBytes(step, from, me, ranks, large);
      const int64_t bad = FirstMismatch(got[from], from, me, step, bytes);
      check.Expect(bad < 0, fmt::format("AllToAll step {}: message from rank {} ({} bytes, got "
                                        "{}) differs at byte {}",
                                        step, from, bytes, got[from].size(), bad));
    }
    comm.Barrier();
  }

  for (int step = 0; step < 2; ++step) {
    const uint64_t my_bytes = AllGatherBytes(step, me, large);
    expected_sent += my_bytes * (ranks - 1);
    std::vector<std::string> all = comm.AllGather(PatternMessage(me, 255, step, my_bytes));
    check.Expect(static_cast<int>(all.size()) == ranks, "AllGather returned the wrong count");
    for (int from = 0; from < ranks && from < static_cast<int>(all.size()); ++from) {
      const uint64_t bytes = AllGatherBytes(step, from, large);
      const int64_t bad = FirstMismatch(all[from], from, 255, step, bytes);
      check.Expect(bad < 0,
                   fmt::format("AllGather step {}: entry {} differs at byte {}", step, from, bad));
    }
  }
  check.Expect(comm.bytes_sent() == expected_sent,
               fmt::format("bytes_sent() is {}, expected {}", comm.bytes_sent(), expected_sent));

  // Every rank learns whether all passed, so they report consistently.
  std::vector<std::string> verdicts = comm.AllGather(check.failures == 0 ? "ok" : "failed");
  const bool all_ok = std::all_of(verdicts.begin(), verdicts.end(),
                                  [](const std::string& verdict) { return verdict == "ok"; });
  if (me == 0) {
    fmt::print("dist_mpi_check: {} ranks, round bytes {}: {}\n", ranks, options.round_bytes,
               all_ok ? "ok" : "FAILED");
  }
  SetProcessCommunicator(nullptr);  // MPI_Finalize
  return all_ok ? 0 : 1;
}

}  // namespace
}  // namespace tally

int main(int argc, char** argv) {
  try {
    return tally::Run(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "dist_mpi_check: {}\n", e.what());
    // The other ranks may be waiting in a collective call: end them all.
    if (tally::CurrentCommunicator().size() > 1) tally::CurrentCommunicator().Abort(1);
    return 1;
  }
}
