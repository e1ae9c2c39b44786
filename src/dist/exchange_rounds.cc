#include "dist/exchange_rounds.h"

#include <algorithm>

#include "common/error.h"

namespace tally {

uint64_t ChunkBytesPerPeer(uint64_t round_bytes, int ranks) {
  TALLY_ASSERT(ranks >= 1);
  return std::max<uint64_t>(1, round_bytes / static_cast<uint64_t>(ranks));
}

uint64_t RoundsFor(uint64_t message_bytes, uint64_t chunk) {
  TALLY_ASSERT(chunk >= 1);
  return message_bytes / chunk + (message_bytes % chunk != 0 ? 1 : 0);
}

ByteSlice SliceInRound(uint64_t message_bytes, uint64_t chunk, uint64_t round) {
  TALLY_ASSERT(chunk >= 1);
  // Compare before multiplying so that a huge round number cannot overflow.
  if (round >= RoundsFor(message_bytes, chunk)) return {message_bytes, 0};
  const uint64_t offset = round * chunk;
  return {offset, std::min(chunk, message_bytes - offset)};
}

}  // namespace tally
