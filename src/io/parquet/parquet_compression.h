#pragma once
// Page compression codecs: uncompressed, snappy, zstd (write and read), gzip (read only).
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/parquet/parquet_metadata.h"

namespace tally::parquet {

// Appends the compressed form of data[0..size) to `out`.
void Compress(Codec codec, int zstd_level, const char* data, size_t size, std::string* out);
// Decompresses into `out` (resized to uncompressed_size); throws tally::Error on failure.
void Decompress(Codec codec, const uint8_t* data, size_t size, size_t uncompressed_size,
                std::string* out);

}  // namespace tally::parquet
