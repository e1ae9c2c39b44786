#pragma once
// How the processes of one distributed run talk to each other. A run has `size()` ranks, each
// a process (MPI backend) or a thread (in-process backend, for tests), all executing the same
// plan on their own share of the input. Messages are byte strings; the engine serializes
// batches and aggregate states into them. Every collective call must be made by every rank in
// the same order. A single process is a run of one rank, so code never needs two paths.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tally {

class Communicator {
 public:
  virtual ~Communicator() = default;

  virtual int rank() const = 0;
  virtual int size() const = 0;
  // The host this rank runs on (for messages and statistics).
  virtual const std::string& host() const = 0;

  // Returns once every rank has called it.
  virtual void Barrier() = 0;
  // Personalized all-to-all (MPI_Alltoallv): send[d] goes to rank d (send.size() == size());
  // returns what every rank sent to this one, indexed by the sender's rank.
  virtual std::vector<std::string> AllToAll(std::vector<std::string> send) = 0;
  // Every rank's `mine`, in rank order, on every rank (MPI_Allgatherv).
  virtual std::vector<std::string> AllGather(std::string mine) = 0;
  // Ends every rank of the run now with `exit_code` (after an error on this rank that the
  // others cannot learn of in a collective call). MPI: MPI_Abort. In-process: the other ranks'
  // pending and later collective calls throw, and this call throws.
  [[noreturn]] virtual void Abort(int exit_code) = 0;

  // Bytes this rank has sent to other ranks so far (not counting messages to itself).
  uint64_t bytes_sent() const { return bytes_sent_; }

 protected:
  uint64_t bytes_sent_ = 0;
};

// The communicator plans run on: the calling thread's (in-process ranks), else the process's
// (set when started under MPI), else a run of one rank.
Communicator& CurrentCommunicator();
// Makes `comm` the process's communicator (the CLI, once MPI is initialized).
void SetProcessCommunicator(std::unique_ptr<Communicator> comm);

// Runs `ranks` in-process ranks, each a thread with its own communicator installed as the
// thread's current one and its own oneTBB arena, calling fn(comm). Returns when all are done;
// if any rank throws, the others' collective calls throw too (no hang) and the first error is
// rethrown here.
void RunInProcessRanks(int ranks, const std::function<void(Communicator&)>& fn);

// Whether this build has the MPI backend.
bool MpiBuilt();
// Whether the process was started by an MPI launcher (mpirun, srun) as one of several ranks.
bool LaunchedAsMpiRanks();
// Initializes MPI and returns the world communicator (MPI_Finalize when it is destroyed).
// Throws when the build has no MPI backend.
std::unique_ptr<Communicator> MakeMpiCommunicator(int* argc, char*** argv);

}  // namespace tally
