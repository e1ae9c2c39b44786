// Whether an MPI launcher started this process as one of several ranks. It must be known before
// MPI is initialized (a plain `tally` run must not initialize MPI), so it is read from the
// variables that launchers put into the environment of every process they start:
//   - Open MPI's mpirun/mpiexec (4.x): OMPI_COMM_WORLD_SIZE (and OMPI_COMM_WORLD_RANK).
//   - MPICH/Hydra mpiexec, Intel MPI: PMI_SIZE (and PMI_RANK). (Debian's Open MPI has no PMI-2
//     support: under Slurm it needs `srun --mpi=pmix`.)
//   - Slurm `srun --mpi=pmix`: PMIX_RANK, with the step's task count in SLURM_STEP_NUM_TASKS
//     (SLURM_NTASKS in older releases). A batch script itself also sees SLURM_NTASKS but no
//     PMI or PMIx rank, since it was not started as one of the ranks; hence both are required.
// A run of one rank (mpirun -np 1) counts as not distributed: it runs like a plain process.
#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>

#include "dist/communicator.h"
#include "dist/mpi_launch.h"

namespace tally {
namespace {

// The variable's value as a positive number, or 0 when it is unset or not a number.
long PositiveNumber(const char* value) {
  if (value == nullptr) return 0;
  std::string_view text(value);
  long number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || number < 0) return 0;
  return number;
}

}  // namespace

bool LaunchedAsMpiRanks(const std::function<const char*(const char*)>& getenv) {
  if (PositiveNumber(getenv("OMPI_COMM_WORLD_SIZE")) > 1) return true;
  if (PositiveNumber(getenv("PMI_SIZE")) > 1) return true;
  if (getenv("PMIX_RANK") != nullptr || getenv("PMI_RANK") != nullptr) {
    long tasks = PositiveNumber(getenv("SLURM_STEP_NUM_TASKS"));
    if (tasks == 0) tasks = PositiveNumber(getenv("SLURM_NTASKS"));
    if (tasks > 1) return true;
  }
  return false;
}

std::string SlurmTasksWithoutMpi(const std::function<const char*(const char*)>& getenv) {
  long tasks = PositiveNumber(getenv("SLURM_STEP_NUM_TASKS"));
  if (tasks < 2 || getenv("SLURM_PROCID") == nullptr) return "";
  if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK") ||
      getenv("PMI_RANK"))
    return "";
  return "this is one of " + std::to_string(tasks) +
         " Slurm tasks, but not an MPI rank: each task would run the whole command alone. Run "
         "the tasks as MPI ranks with srun --mpi=pmix -n " +
         std::to_string(tasks) + " tally ..., or one task with srun -n 1 tally ...";
}

bool LaunchedAsMpiRanks() {
  return LaunchedAsMpiRanks([](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace tally
