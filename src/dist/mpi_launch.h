#pragma once
#include <functional>
#include <string>

namespace tally {

// LaunchedAsMpiRanks() with the environment passed in (`getenv` returns nullptr for a variable
// that is not set), for tests.
bool LaunchedAsMpiRanks(const std::function<const char*(const char*)>& getenv);

// Non-empty when this process is one of several tasks of a Slurm step that are not MPI ranks
// (`srun -n 2` without `--mpi=pmix`): every task would run the whole command on its own and
// print its own answer. Says what to run instead.
std::string SlurmTasksWithoutMpi(const std::function<const char*(const char*)>& getenv);

}  // namespace tally
