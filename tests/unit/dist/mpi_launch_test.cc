#include "dist/mpi_launch.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace tally {
namespace {

bool LaunchedWith(const std::map<std::string, std::string>& environment) {
  return LaunchedAsMpiRanks([&](const char* name) -> const char* {
    auto found = environment.find(name);
    return found == environment.end() ? nullptr : found->second.c_str();
  });
}

TEST(MpiLaunch, PlainProcessIsNotARank) {
  EXPECT_FALSE(LaunchedWith({}));
}

TEST(MpiLaunch, OpenMpiMpirun) {
  // What Open MPI 4.1's mpirun -np 3 sets (among others).
  EXPECT_TRUE(LaunchedWith(
      {{"OMPI_COMM_WORLD_SIZE", "3"}, {"OMPI_COMM_WORLD_RANK", "1"}, {"PMIX_RANK", "1"}}));
  // mpirun -np 1 is a run of one rank: nothing to distribute.
  EXPECT_FALSE(LaunchedWith(
      {{"OMPI_COMM_WORLD_SIZE", "1"}, {"OMPI_COMM_WORLD_RANK", "0"}, {"PMIX_RANK", "0"}}));
}

TEST(MpiLaunch, HydraPmi) {
  EXPECT_TRUE(LaunchedWith({{"PMI_SIZE", "4"}, {"PMI_RANK", "0"}}));
  EXPECT_FALSE(LaunchedWith({{"PMI_SIZE", "1"}, {"PMI_RANK", "0"}}));
}

TEST(MpiLaunch, SlurmPmix) {
  EXPECT_TRUE(
      LaunchedWith({{"PMIX_RANK", "2"}, {"SLURM_STEP_NUM_TASKS", "4"}, {"SLURM_NTASKS", "4"}}));
  EXPECT_TRUE(LaunchedWith({{"PMIX_RANK", "2"}, {"SLURM_NTASKS", "4"}}));
  EXPECT_FALSE(LaunchedWith({{"PMIX_RANK", "0"}, {"SLURM_STEP_NUM_TASKS", "1"}}));
  // The step's own task count wins over the allocation's.
  EXPECT_FALSE(
      LaunchedWith({{"PMIX_RANK", "0"}, {"SLURM_STEP_NUM_TASKS", "1"}, {"SLURM_NTASKS", "8"}}));
}

TEST(MpiLaunch, SlurmBatchScriptIsNotARank) {
  // An sbatch script sees the allocation's task count but was not started as a rank.
  EXPECT_FALSE(LaunchedWith({{"SLURM_NTASKS", "4"}, {"SLURM_PROCID", "0"}}));
}

TEST(MpiLaunch, GarbageCountsAreIgnored) {
  EXPECT_FALSE(LaunchedWith({{"OMPI_COMM_WORLD_SIZE", "many"}}));
  EXPECT_FALSE(LaunchedWith({{"PMI_SIZE", "4x"}}));
  EXPECT_FALSE(LaunchedWith({{"PMI_SIZE", ""}}));
}

std::string UnlaunchedWith(const std::map<std::string, std::string>& environment) {
  return SlurmTasksWithoutMpi([&](const char* name) -> const char* {
    auto found = environment.find(name);
    return found == environment.end() ? nullptr : found->second.c_str();
  });
}

TEST(MpiLaunch, SlurmTasksThatAreNotMpiRanksAreRefused) {
  // srun -n 2 tally ... without --mpi: two tasks, no rank variables.
  std::string message =
      UnlaunchedWith({{"SLURM_STEP_NUM_TASKS", "2"}, {"SLURM_NTASKS", "2"}, {"SLURM_PROCID", "1"}});
  EXPECT_NE(message.find("one of 2 Slurm tasks, but not an MPI rank"), std::string::npos);
  EXPECT_NE(message.find("srun --mpi=pmix -n 2 tally"), std::string::npos) << message;
  // As MPI ranks, one task, a batch script (no task id) or no Slurm at all: nothing to refuse.
  EXPECT_EQ(
      UnlaunchedWith({{"SLURM_STEP_NUM_TASKS", "2"}, {"SLURM_PROCID", "0"}, {"PMIX_RANK", "0"}}),
      "");
  EXPECT_EQ(UnlaunchedWith({{"SLURM_STEP_NUM_TASKS", "1"}, {"SLURM_PROCID", "0"}}), "");
  EXPECT_EQ(UnlaunchedWith({{"SLURM_NTASKS", "4"}}), "");
  EXPECT_EQ(UnlaunchedWith({}), "");
}

}  // namespace
}  // namespace tally
