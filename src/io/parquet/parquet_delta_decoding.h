#pragma once
// Decoders for the Parquet encodings and physical types that other writers (DuckDB with
// PARQUET_VERSION v2, Spark, pyarrow) produce and tally's own writer never does:
// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, INT96 timestamps and
// big-endian decimals on FIXED_LEN_BYTE_ARRAY. All decoders throw tally::Error on malformed or
// truncated input; callers add the file and column to the message.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/parquet/parquet_metadata.h"

namespace tally::parquet {

// The specification's name of an encoding ("DELTA_BINARY_PACKED"), or "encoding <n>" for
// numbers the format does not define.
std::string EncodingName(Encoding encoding);

// Decodes one DELTA_BINARY_PACKED stream at data[0..size): a header (block size, miniblocks per
// block, value count, zigzag first value) and blocks of (zigzag min delta, one bit width per
// miniblock, bit-packed miniblocks). The header's value count must equal `expected_count`.
// Arithmetic wraps modulo 2^64, so INT32 streams are recovered exactly by truncating each value.
// Returns the number of bytes the stream occupies (what follows it starts there).
size_t DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, size_t expected_count,
                               std::vector<int64_t>* out);

// DELTA_LENGTH_BYTE_ARRAY: the lengths as one DELTA_BINARY_PACKED stream, then all the bytes
// concatenated. The views in `out` point into `data`. Returns the bytes used.
size_t DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, size_t expected_count,
                                  std::vector<std::string_view>* out);

// DELTA_BYTE_ARRAY: prefix lengths (DELTA_BINARY_PACKED), then the suffixes
// (DELTA_LENGTH_BYTE_ARRAY); value i is the first prefix[i] bytes of value i-1 plus suffix i.
// Throws when the values together would pass `max_bytes`.
void DecodeDeltaByteArray(const uint8_t* data, size_t size, size_t expected_count, size_t max_bytes,
                          std::vector<std::string>* out);

// BYTE_STREAM_SPLIT: byte k of value i is at data[k * count + i] (one stream per byte position).
// Writes the `count` values of `width` bytes each, reassembled, to out[0..count * width).
void DecodeByteStreamSplit(const uint8_t* data, size_t count, size_t width, uint8_t* out);

// An INT96 timestamp as Spark and Impala write it: nanoseconds of the day (8 bytes, little
// endian) and the Julian day number (4 bytes, little endian; 2440588 is 1970-01-01), as
// microseconds since 1970-01-01 (rounded down). Throws for days outside 0000-9999 or
// nanoseconds outside the day.
int64_t Int96ToMicros(const uint8_t* p);

// A big-endian two's complement integer of `size` bytes (1..16), as int64; throws if the value
// does not fit in 64 bits.
int64_t BigEndianToInt64(const uint8_t* p, size_t size);

}  // namespace tally::parquet
