// The DELTA encodings, INT96 timestamps and big-endian decimals, on byte sequences worked out by
// hand from the Parquet specification's encoding rules (and its two DELTA_BINARY_PACKED
// examples).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "io/parquet/parquet_delta_decoding.h"

namespace tally::parquet {
namespace {

std::vector<int64_t> DecodeInts(const std::vector<uint8_t>& bytes, size_t count,
                                size_t* consumed = nullptr) {
  std::vector<int64_t> out;
  size_t used = DecodeDeltaBinaryPacked(bytes.data(), bytes.size(), count, &out);
  if (consumed) *consumed = used;
  return out;
}

TEST(DeltaBinaryPacked, SpecExampleOneToFive) {
  // Block size 8, 1 miniblock, 5 values, first value 1 (zigzag 2); min delta 1 (zigzag 2), bit
  // width 0, so the miniblock has no bytes.
  std::vector<uint8_t> bytes = {0x08, 0x01, 0x05, 0x02, 0x02, 0x00};
  size_t consumed = 0;
  EXPECT_EQ(DecodeInts(bytes, 5, &consumed), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, 6u);
}

TEST(DeltaBinaryPacked, SpecExampleNegativeDeltas) {
  // 7,5,3,1,2,3,4,5: deltas -2,-2,-2,1,1,1,1; min delta -2 (zigzag 3); relative 0,0,0,3,3,3,3
  // at 2 bits each, LSB first: 0xC0 0x3F (the 8th slot is padding).
  std::vector<uint8_t> bytes = {0x08, 0x01, 0x08, 0x0E, 0x03, 0x02, 0xC0, 0x3F};
  size_t consumed = 0;
  EXPECT_EQ(DecodeInts(bytes, 8, &consumed), (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, 8u);
}

TEST(DeltaBinaryPacked, SingleValueHasNoBlocks) {
  // Block size 128 (varint 0x80 0x01), 4 miniblocks, 1 value: -42 (zigzag 83).
  std::vector<uint8_t> bytes = {0x80, 0x01, 0x04, 0x01, 0x53, 0xAA};
  size_t consumed = 0;
  EXPECT_EQ(DecodeInts(bytes, 1, &consumed), (std::vector<int64_t>{-42}));
  EXPECT_EQ(consumed, 5u);  // the trailing 0xAA belongs to whatever follows
}

// 100, 90, 95, 85, 80, 81, 70, 72, 60, 50 in blocks of 16 with 2 miniblocks of 8:
// deltas -10,5,-10,-5,1,-11,2,-12 | -10; min delta -12 (zigzag 23);
// relative 2,17,2,7,13,1,14,0 (width 5: 0x22 0x8A 0xD3 0x82 0x03) | 2 (width 2: 0x02 0x00).
const std::vector<uint8_t> kTwoMiniblocks = {0x10, 0x02, 0x0A, 0xC8, 0x01, 0x17, 0x05, 0x02,
                                             0x22, 0x8A, 0xD3, 0x82, 0x03, 0x02, 0x00};
const std::vector<int64_t> kTwoMiniblocksValues = {100, 90, 95, 85, 80, 81, 70, 72, 60, 50};

TEST(DeltaBinaryPacked, ValuesAcrossMiniblocksWithPartialLastMiniblock) {
  size_t consumed = 0;
  EXPECT_EQ(DecodeInts(kTwoMiniblocks, 10, &consumed), kTwoMiniblocksValues);
  EXPECT_EQ(consumed, kTwoMiniblocks.size());  // the padded last miniblock is skipped whole
}

TEST(DeltaBinaryPacked, LastMiniblockWithoutPaddingAtEndOfPage) {
  std::vector<uint8_t> bytes(kTwoMiniblocks.begin(), kTwoMiniblocks.end() - 1);
  EXPECT_EQ(DecodeInts(bytes, 10), kTwoMiniblocksValues);
}

TEST(DeltaBinaryPacked, ArithmeticWrapsAtInt64Limits) {
  // INT64_MAX (zigzag 2^64 - 2: a 10-byte varint) then INT64_MIN: the delta wraps to +1.
  std::vector<uint8_t> bytes = {0x08, 0x01, 0x02, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF,
                                0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02, 0x00};
  EXPECT_EQ(DecodeInts(bytes, 2), (std::vector<int64_t>{std::numeric_limits<int64_t>::max(),
                                                        std::numeric_limits<int64_t>::min()}));
}

TEST(DeltaBinaryPacked, Int32ValuesSurviveTruncation) {
  // INT32 writers compute deltas modulo 2^32: INT32_MAX then INT32_MIN is delta +1 here too.
  // first value 2147483647: zigzag 4294967294 = varint FE FF FF FF 0F.
  std::vector<uint8_t> bytes = {0x08, 0x01, 0x02, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x02, 0x00};
  std::vector<int64_t> values = DecodeInts(bytes, 2);
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(static_cast<int32_t>(values[0]), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(static_cast<int32_t>(values[1]), std::numeric_limits<int32_t>::min());
}

TEST(DeltaBinaryPacked, MalformedStreamsThrow) {
  std::vector<int64_t> out;
  // Count differs from what the page says.
  EXPECT_THROW(DecodeInts({0x08, 0x01, 0x05, 0x02, 0x02, 0x00}, 4), Error);
  // Truncated inside the miniblock.
  EXPECT_THROW(DecodeInts({0x08, 0x01, 0x08, 0x0E, 0x03, 0x02, 0xC0}, 8), Error);
  // Truncated header.
  EXPECT_THROW(DecodeInts({0x08, 0x01}, 1), Error);
  // Block size not a multiple of 8 values per miniblock.
  EXPECT_THROW(DecodeInts({0x06, 0x01, 0x01, 0x02}, 1), Error);
  // Bit width above 64.
  EXPECT_THROW(DecodeInts({0x08, 0x01, 0x02, 0x02, 0x02, 0x41, 0, 0, 0, 0, 0, 0, 0, 0}, 2), Error);
}

// A plain, bit-at-a-time DELTA_BINARY_PACKED writer following the specification, to check the
// decoder on streams too long to write out by hand (several blocks, bit widths up to 64).
std::vector<uint8_t> EncodeReference(const std::vector<int64_t>& values, uint64_t block_size,
                                     uint64_t miniblocks) {
  std::vector<uint8_t> out;
  auto uleb = [&](uint64_t v) {
    do {
      uint8_t byte = v & 0x7f;
      v >>= 7;
      out.push_back(byte | (v ? 0x80 : 0));
    } while (v);
  };
  auto zigzag = [&](int64_t v) {
    uleb((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v < 0 ? -1 : 0));
  };
  uleb(block_size);
  uleb(miniblocks);
  uleb(values.size());
  zigzag(values.empty() ? 0 : values[0]);
  const uint64_t per_miniblock = block_size / miniblocks;
  for (size_t start = 1; start < values.size(); start += block_size) {
    size_t end = std::min<size_t>(values.size(), start + block_size);
    std::vector<uint64_t> deltas;
    for (size_t i = start; i < end; ++i)
      deltas.push_back(static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(values[i - 1]));
    int64_t min_delta = static_cast<int64_t>(deltas[0]);
    for (uint64_t d : deltas) min_delta = std::min(min_delta, static_cast<int64_t>(d));
    zigzag(min_delta);
    std::vector<int> widths(miniblocks, 0);
    for (size_t j = 0; j < deltas.size(); ++j) {
      deltas[j] -= static_cast<uint64_t>(min_delta);
      int w = 0;
      while (w < 64 && (deltas[j] >> w) != 0) ++w;
      widths[j / per_miniblock] = std::max(widths[j / per_miniblock], w);
    }
    for (int w : widths) out.push_back(static_cast<uint8_t>(w));
    for (size_t m = 0; m * per_miniblock < deltas.size(); ++m) {
      std::vector<uint8_t> packed(per_miniblock * widths[m] / 8, 0);
      for (size_t j = 0; j < per_miniblock && m * per_miniblock + j < deltas.size(); ++j)
        for (int b = 0; b < widths[m]; ++b)
          if ((deltas[m * per_miniblock + j] >> b) & 1) {
            size_t bit = j * widths[m] + b;
            packed[bit / 8] |= static_cast<uint8_t>(1 << (bit % 8));
          }
      out.insert(out.end(), packed.begin(), packed.end());
    }
  }
  return out;
}

TEST(DeltaBinaryPacked, ManyBlocksAndWidthsMatchAReferenceWriter) {
  // Deltas whose magnitude grows with the position, so miniblocks get every bit width from 0
  // up to 64 (the last block mixes INT64_MIN and INT64_MAX).
  std::vector<int64_t> values;
  uint64_t state = 12345;
  for (int i = 0; i < 1000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    int shift = 63 - i / 16;
    int64_t v = shift <= 0 ? static_cast<int64_t>(state) : static_cast<int64_t>(state >> shift);
    if (i >= 900 && i % 2)
      v = i % 4 == 1 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    if (i < 40) v = 7;  // a run of bit width 0
    values.push_back(v);
  }
  for (auto [block, miniblocks] : {std::pair<uint64_t, uint64_t>{128, 4}, {256, 8}, {64, 1}}) {
    std::vector<uint8_t> bytes = EncodeReference(values, block, miniblocks);
    size_t consumed = 0;
    EXPECT_EQ(DecodeInts(bytes, values.size(), &consumed), values) << block << "/" << miniblocks;
    EXPECT_EQ(consumed, bytes.size());
  }
}

TEST(DeltaLengthByteArray, SpecExample) {
  // Lengths 5,5,6,6: first 5 (zigzag 10), deltas 0,1,0, min 0, width 1: bits 0,1,0 = 0x02.
  std::string text = "HelloWorldFoobarABCDEF";
  std::vector<uint8_t> bytes = {0x08, 0x01, 0x04, 0x0A, 0x00, 0x01, 0x02};
  bytes.insert(bytes.end(), text.begin(), text.end());
  std::vector<std::string_view> out;
  EXPECT_EQ(DecodeDeltaLengthByteArray(bytes.data(), bytes.size(), 4, &out), bytes.size());
  EXPECT_EQ(out, (std::vector<std::string_view>{"Hello", "World", "Foobar", "ABCDEF"}));
  // A length running past the page is an error, not a read out of bounds.
  bytes.pop_back();
  EXPECT_THROW(DecodeDeltaLengthByteArray(bytes.data(), bytes.size(), 4, &out), Error);
}

TEST(DeltaByteArray, SpecExample) {
  // axis, axle, babble, babyhood: prefixes 0,2,0,3 (first 0; deltas 2,-2,3; min -2 (zigzag 3);
  // relative 4,0,5 at width 3 = 0x44 0x01 0x00); suffixes axis, le, babble, yhood with lengths
  // 4,2,6,5 (first 4 (zigzag 8); deltas -2,4,-1; relative 0,6,1 at width 3 = 0x70 0x00 0x00).
  std::vector<uint8_t> bytes = {0x08, 0x01, 0x04, 0x00, 0x03, 0x03, 0x44, 0x01, 0x00,
                                0x08, 0x01, 0x04, 0x08, 0x03, 0x03, 0x70, 0x00, 0x00};
  std::string suffixes = "axislebabbleyhood";
  bytes.insert(bytes.end(), suffixes.begin(), suffixes.end());
  std::vector<std::string> out;
  DecodeDeltaByteArray(bytes.data(), bytes.size(), 4, 1 << 20, &out);
  EXPECT_EQ(out, (std::vector<std::string>{"axis", "axle", "babble", "babyhood"}));
  // The four values hold 22 bytes: a bound below that stops the decoding.
  EXPECT_NO_THROW(DecodeDeltaByteArray(bytes.data(), bytes.size(), 4, 22, &out));
  EXPECT_THROW(DecodeDeltaByteArray(bytes.data(), bytes.size(), 4, 21, &out), Error);
}

TEST(DeltaByteArray, PrefixLongerThanPreviousValueThrows) {
  // Prefixes 0,5 (first 0, delta 5 at width 0) but the first value is "ab".
  std::vector<uint8_t> bytes = {0x08, 0x01, 0x02, 0x00, 0x0A, 0x00,                  // prefixes
                                0x08, 0x01, 0x02, 0x04, 0x01, 0x00, 'a', 'b', 'c'};  // 2, 1
  std::vector<std::string> out;
  EXPECT_THROW(DecodeDeltaByteArray(bytes.data(), bytes.size(), 2, 1 << 20, &out), Error);
}

TEST(Int96, SparkTimestamps) {
  // Julian day 2440588 (0x253D8C) at midnight is the Unix epoch.
  uint8_t epoch[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0x8C, 0x3D, 0x25, 0x00};
  EXPECT_EQ(Int96ToMicros(epoch), 0);
  // 2011-01-01 00:00:01.5: day 2440588 + 14975 = 0x25780B, 1.5e9 ns = 0x59682F00.
  uint8_t later[12] = {0x00, 0x2F, 0x68, 0x59, 0, 0, 0, 0, 0x0B, 0x78, 0x25, 0x00};
  EXPECT_EQ(Int96ToMicros(later), 1293840000000000LL + 1500000);
  // 1969-12-31 23:59:59.999999: day 2440587, 86399999999000 ns = 0x4E94914EFC18.
  uint8_t before[12] = {0x18, 0xFC, 0x4E, 0x91, 0x94, 0x4E, 0, 0, 0x8B, 0x3D, 0x25, 0x00};
  EXPECT_EQ(Int96ToMicros(before), -1);
  // Days past 9999-12-31 (once overflowing signed arithmetic) and nanoseconds outside the day.
  uint8_t far[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F};
  EXPECT_THROW(Int96ToMicros(far), Error);
  uint8_t negative_nanos[12] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                0xFF, 0xFF, 0x8C, 0x3D, 0x25, 0x00};
  EXPECT_THROW(Int96ToMicros(negative_nanos), Error);
}

TEST(BigEndianDecimal, TwosComplement) {
  const uint8_t a[2] = {0x01, 0x00};
  EXPECT_EQ(BigEndianToInt64(a, 2), 256);
  const uint8_t b[2] = {0xFF, 0x38};
  EXPECT_EQ(BigEndianToInt64(b, 2), -200);
  const uint8_t c[6] = {0x00, 0xE8, 0xD4, 0xA5, 0x10, 0x00};  // 10^12 = 0xE8D4A51000
  EXPECT_EQ(BigEndianToInt64(c, 6), 1000000000000LL);
  uint8_t wide[16];
  std::fill(wide, wide + 16, 0xFF);
  wide[15] = 0x85;  // -123 in 16 bytes
  EXPECT_EQ(BigEndianToInt64(wide, 16), -123);
  wide[0] = 0x7F;  // far beyond 64 bits
  EXPECT_THROW(BigEndianToInt64(wide, 16), Error);
  uint8_t sign_mismatch[9] = {0xFF, 0x00, 0, 0, 0, 0, 0, 0, 0x01};  // -(2^64) + 1
  EXPECT_THROW(BigEndianToInt64(sign_mismatch, 9), Error);
}

TEST(ByteStreamSplit, ReassemblesValues) {
  // Three 4-byte values 0x04030201, 0x14131211, 0x24232221: stream k holds byte k of each.
  const uint8_t streams[12] = {0x01, 0x11, 0x21, 0x02, 0x12, 0x22,
                               0x03, 0x13, 0x23, 0x04, 0x14, 0x24};
  uint8_t out[12];
  DecodeByteStreamSplit(streams, 3, 4, out);
  const uint8_t expected[12] = {0x01, 0x02, 0x03, 0x04, 0x11, 0x12,
                                0x13, 0x14, 0x21, 0x22, 0x23, 0x24};
  EXPECT_EQ(std::vector<uint8_t>(out, out + 12), std::vector<uint8_t>(expected, expected + 12));
}

TEST(EncodingName, NamesTheSpecificationsEncodings) {
  EXPECT_EQ(EncodingName(Encoding::kByteStreamSplit), "BYTE_STREAM_SPLIT");
  EXPECT_EQ(EncodingName(Encoding::kDeltaBinaryPacked), "DELTA_BINARY_PACKED");
  EXPECT_EQ(EncodingName(static_cast<Encoding>(42)), "encoding 42");
}

}  // namespace
}  // namespace tally::parquet
