#include "dist/exchange_rounds.h"

#include <gtest/gtest.h>

#include <climits>

namespace tally {
namespace {

TEST(ExchangeRounds, ChunkIsTheRoundSharedByTheRanks) {
  EXPECT_EQ(ChunkBytesPerPeer(uint64_t{256} << 20, 4), uint64_t{64} << 20);
  EXPECT_EQ(ChunkBytesPerPeer(7, 3), 2u);
  EXPECT_EQ(ChunkBytesPerPeer(1000, 1), 1000u);
  // Never zero, however many ranks share a tiny round.
  EXPECT_EQ(ChunkBytesPerPeer(2, 5), 1u);
}

TEST(ExchangeRounds, RoundsRoundUp) {
  EXPECT_EQ(RoundsFor(0, 2), 0u);
  EXPECT_EQ(RoundsFor(1, 2), 1u);
  EXPECT_EQ(RoundsFor(4, 2), 2u);
  EXPECT_EQ(RoundsFor(5, 2), 3u);
  EXPECT_EQ(RoundsFor(5, 1), 5u);
}

TEST(ExchangeRounds, SlicesOfASmallMessage) {
  // 5 bytes in chunks of 2: [0,2) [2,4) [4,5), then nothing.
  const ByteSlice first = SliceInRound(5, 2, 0);
  EXPECT_EQ(first.offset, 0u);
  EXPECT_EQ(first.length, 2u);
  const ByteSlice second = SliceInRound(5, 2, 1);
  EXPECT_EQ(second.offset, 2u);
  EXPECT_EQ(second.length, 2u);
  const ByteSlice last = SliceInRound(5, 2, 2);
  EXPECT_EQ(last.offset, 4u);
  EXPECT_EQ(last.length, 1u);
  EXPECT_EQ(SliceInRound(5, 2, 3).length, 0u);
  EXPECT_EQ(SliceInRound(0, 2, 0).length, 0u);
  // A round number whose offset would overflow 64 bits is simply past the end.
  EXPECT_EQ(SliceInRound(5, uint64_t{1} << 62, uint64_t{1} << 62).length, 0u);
}

TEST(ExchangeRounds, MessagesAboveIntMaxTravelInIntSizedSlices) {
  // 5 GiB to each of 3 peers with the default round: 268435456 / 3 = 89478485 bytes per slice;
  // 60 full slices cover 5368709100 bytes and a 61st carries the last 20.
  const uint64_t message = uint64_t{5} << 30;
  const uint64_t chunk = ChunkBytesPerPeer(kDefaultRoundBytes, 3);
  EXPECT_EQ(chunk, 89478485u);
  EXPECT_EQ(RoundsFor(message, chunk), 61u);
  const ByteSlice last = SliceInRound(message, chunk, 60);
  EXPECT_EQ(last.offset, 5368709100u);
  EXPECT_EQ(last.length, 20u);
  // What one rank packs per round (one slice per peer) stays addressable with int offsets.
  EXPECT_LE(3 * chunk, static_cast<uint64_t>(INT_MAX));
  EXPECT_LE(kDefaultRoundBytes, static_cast<uint64_t>(INT_MAX));
}

TEST(ExchangeRounds, SlicesTileTheMessageExactly) {
  for (uint64_t chunk : {1u, 2u, 3u, 7u, 64u}) {
    for (uint64_t message = 0; message < 200; ++message) {
      uint64_t covered = 0;
      const uint64_t rounds = RoundsFor(message, chunk);
      for (uint64_t round = 0; round < rounds; ++round) {
        const ByteSlice slice = SliceInRound(message, chunk, round);
        ASSERT_EQ(slice.offset, covered) << "message " << message << " chunk " << chunk;
        ASSERT_GE(slice.length, 1u);
        ASSERT_LE(slice.length, chunk);
        covered += slice.length;
      }
      ASSERT_EQ(covered, message) << "message " << message << " chunk " << chunk;
      ASSERT_EQ(SliceInRound(message, chunk, rounds).length, 0u);
    }
  }
}

}  // namespace
}  // namespace tally
