#pragma once
// Options of the MPI backend beyond what communicator.h offers.
#include <cstdint>
#include <memory>

#include "dist/communicator.h"
#include "dist/exchange_rounds.h"

namespace tally {

struct MpiOptions {
  // Bytes a rank packs per round of an exchange (see exchange_rounds.h). Tests lower it to run
  // the multi-round path with small messages.
  uint64_t round_bytes = kDefaultRoundBytes;
};

// MakeMpiCommunicator(argc, argv) with options.
std::unique_ptr<Communicator> MakeMpiCommunicator(int* argc, char*** argv,
                                                  const MpiOptions& options);

}  // namespace tally
