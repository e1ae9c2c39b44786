#include "dist/communicator.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "dist/host_name.h"
#include "dist/in_process_communicator.h"

namespace tally {
namespace {

TEST(Communicator, WithoutAnyRunTheProcessIsOneRank) {
  Communicator& comm = CurrentCommunicator();
  EXPECT_EQ(comm.rank(), 0);
  EXPECT_EQ(comm.size(), 1);
  EXPECT_EQ(comm.host(), LocalHostName());
  EXPECT_FALSE(comm.host().empty());
  comm.Barrier();
  EXPECT_EQ(comm.AllToAll({"to myself"}), std::vector<std::string>{"to myself"});
  EXPECT_EQ(comm.AllGather("mine"), std::vector<std::string>{"mine"});
  EXPECT_EQ(comm.bytes_sent(), 0u);
}

TEST(Communicator, ProcessCommunicatorIsUsedUntilReset) {
  InProcessGroup group(1);
  auto owned = std::make_unique<InProcessCommunicator>(group, 0, "process-wide");
  Communicator* process = owned.get();
  SetProcessCommunicator(std::move(owned));
  EXPECT_EQ(&CurrentCommunicator(), process);
  EXPECT_EQ(CurrentCommunicator().host(), "process-wide");
  // A rank's thread sees its own communicator, not the process's.
  RunInProcessRanks(2, [&](Communicator& comm) {
    EXPECT_EQ(&CurrentCommunicator(), &comm);
    EXPECT_NE(&CurrentCommunicator(), process);
  });
  EXPECT_EQ(&CurrentCommunicator(), process);
  SetProcessCommunicator(nullptr);
  EXPECT_EQ(CurrentCommunicator().host(), LocalHostName());
}

TEST(Communicator, MpiBackendAvailabilityIsConsistent) {
  // Without the backend, asking for it must say so rather than run as a single rank. (With it,
  // dist_mpi_check covers it under mpirun; initializing MPI here would tie this test to it.)
  if (MpiBuilt()) GTEST_SKIP() << "MPI backend built; checked by dist_mpi_check";
  int argc = 0;
  char** argv = nullptr;
  try {
    MakeMpiCommunicator(&argc, &argv);
    FAIL() << "MakeMpiCommunicator returned without MPI support";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no MPI support"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tally
