#pragma once
// Splitting one large exchange into rounds. MPI counts and displacements are `int`, so a single
// MPI_Alltoallv or MPI_Allgatherv call moves less than 2 GiB per buffer, and packing whole
// messages into one buffer would also double the memory they take. So every message is sent in
// slices: in round r each rank sends bytes [r * chunk, (r + 1) * chunk) of every message, where
// chunk = round_bytes / ranks, so a rank packs and receives at most round_bytes per round. All
// ranks must make the same number of calls, so they agree on the number of rounds (the largest
// message anywhere decides).
#include <cstdint>

namespace tally {

// Bytes one rank packs (and receives) per round at most; 256 MiB keeps the staging buffers
// small next to the data while a round still moves enough to hide the call's latency.
inline constexpr uint64_t kDefaultRoundBytes = uint64_t{256} << 20;

// The slice of every message sent per round to (or from) each peer: round_bytes / ranks, at
// least 1.
uint64_t ChunkBytesPerPeer(uint64_t round_bytes, int ranks);

// Rounds needed to send a message of `message_bytes` in slices of `chunk` (0 for empty).
uint64_t RoundsFor(uint64_t message_bytes, uint64_t chunk);

// The part of a message of `message_bytes` sent in round `round` (length 0 once it is all sent).
struct ByteSlice {
  uint64_t offset = 0;
  uint64_t length = 0;
};
ByteSlice SliceInRound(uint64_t message_bytes, uint64_t chunk, uint64_t round);

}  // namespace tally
