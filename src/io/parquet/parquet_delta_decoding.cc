#include "io/parquet/parquet_delta_decoding.h"

#include <algorithm>
#include <cstring>

#include "common/datetime.h"
#include "common/error.h"

namespace tally::parquet {

namespace {

// Reads unsigned LEB128 varints and the bit-packed miniblocks of one stream, checking bounds.
class ByteCursor {
 public:
  ByteCursor(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint64_t ReadUleb() {
    uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos_ >= size_) ThrowError("truncated DELTA_BINARY_PACKED stream");
      uint8_t byte = data_[pos_++];
      if (shift == 63 && (byte & 0x7e)) ThrowError("DELTA_BINARY_PACKED varint overflows");
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
    }
    ThrowError("DELTA_BINARY_PACKED varint is too long");
  }
  int64_t ReadZigZag() {
    uint64_t u = ReadUleb();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  uint8_t ReadByte() {
    if (pos_ >= size_) ThrowError("truncated DELTA_BINARY_PACKED stream");
    return data_[pos_++];
  }
  const uint8_t* here() const { return data_ + pos_; }
  size_t remaining() const { return size_ - pos_; }
  void Skip(size_t n) { pos_ += n; }
  size_t position() const { return pos_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// The index-th value of `width` bits packed least significant bit first in packed[0..size).
uint64_t UnpackBits(const uint8_t* packed, size_t size, size_t index, int width) {
  size_t bit = index * static_cast<size_t>(width);
  if (width <= 56 && (bit >> 3) + 8 <= size) {
    // Common case: one little-endian 8-byte load holds all the value's bits.
    uint64_t word;
    std::memcpy(&word, packed + (bit >> 3), 8);
    return (word >> (bit & 7)) & ((uint64_t{1} << width) - 1);
  }
  uint64_t value = 0;
  int got = 0;
  while (got < width) {
    int offset = static_cast<int>(bit & 7);
    int take = std::min(8 - offset, width - got);
    uint64_t bits = (packed[bit >> 3] >> offset) & ((1u << take) - 1);
    value |= bits << got;
    got += take;
    bit += static_cast<size_t>(take);
  }
  return value;
}

}  // namespace

std::string EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain:
      return "PLAIN";
    case Encoding::kPlainDictionary:
      return "PLAIN_DICTIONARY";
    case Encoding::kRle:
      return "RLE";
    case Encoding::kBitPacked:
      return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked:
      return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray:
      return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary:
      return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit:
      return "BYTE_STREAM_SPLIT";
  }
  return fmt::format("encoding {}", static_cast<int>(encoding));
}

size_t DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, size_t expected_count,
                               std::vector<int64_t>* out) {
  ByteCursor in(data, size);
  uint64_t block_size = in.ReadUleb();
  uint64_t miniblocks = in.ReadUleb();
  uint64_t total = in.ReadUleb();
  // Modular arithmetic: deltas of INT64 extremes overflow int64 by design.
  uint64_t value = static_cast<uint64_t>(in.ReadZigZag());
  if (block_size == 0 || miniblocks == 0 || block_size % miniblocks != 0 ||
      (block_size / miniblocks) % 8 != 0 || block_size > (1u << 20))
    ThrowError("bad DELTA_BINARY_PACKED header (block size {}, {} miniblocks)", block_size,
               miniblocks);
  if (total != expected_count)
    ThrowError("DELTA_BINARY_PACKED stream holds {} values, expected {}", total, expected_count);
  const size_t per_miniblock = block_size / miniblocks;
  out->clear();
  out->reserve(total);
  if (total == 0) return in.position();
  out->push_back(static_cast<int64_t>(value));
  uint8_t widths[256];
  std::vector<uint8_t> width_storage;
  while (out->size() < total) {
    uint64_t min_delta = static_cast<uint64_t>(in.ReadZigZag());
    uint8_t* width = widths;
    if (miniblocks > sizeof(widths)) {
      width_storage.resize(miniblocks);
      width = width_storage.data();
    }
    for (uint64_t m = 0; m < miniblocks; ++m) width[m] = in.ReadByte();
    // Miniblocks after the last value are absent (their bit widths are meaningless).
    for (uint64_t m = 0; m < miniblocks && out->size() < total; ++m) {
      int w = width[m];
      if (w > 64) ThrowError("bad DELTA_BINARY_PACKED bit width {}", w);
      size_t n = std::min<size_t>(per_miniblock, total - out->size());
      size_t full_bytes = per_miniblock * static_cast<size_t>(w) / 8;
      size_t needed_bytes = (n * static_cast<size_t>(w) + 7) / 8;
      if (needed_bytes > in.remaining()) ThrowError("truncated DELTA_BINARY_PACKED miniblock");
      const uint8_t* packed = in.here();
      const size_t available = std::min(full_bytes, in.remaining());
      for (size_t i = 0; i < n; ++i) {
        value += min_delta + (w ? UnpackBits(packed, available, i, w) : 0);
        out->push_back(static_cast<int64_t>(value));
      }
      // The last miniblock is padded to full size by the specification; tolerate writers that
      // stop at the end of the page.
      in.Skip(std::min(full_bytes, in.remaining()));
    }
  }
  return in.position();
}

size_t DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, size_t expected_count,
                                  std::vector<std::string_view>* out) {
  std::vector<int64_t> lengths;
  size_t at = DecodeDeltaBinaryPacked(data, size, expected_count, &lengths);
  out->clear();
  out->reserve(lengths.size());
  for (int64_t length : lengths) {
    if (length < 0 || static_cast<uint64_t>(length) > size - at)
      ThrowError("DELTA_LENGTH_BYTE_ARRAY lengths exceed the page");
    out->emplace_back(reinterpret_cast<const char*>(data + at), static_cast<size_t>(length));
    at += static_cast<size_t>(length);
  }
  return at;
}

void DecodeDeltaByteArray(const uint8_t* data, size_t size, size_t expected_count, size_t max_bytes,
                          std::vector<std::string>* out) {
  std::vector<int64_t> prefixes;
  size_t at = DecodeDeltaBinaryPacked(data, size, expected_count, &prefixes);
  std::vector<std::string_view> suffixes;
  DecodeDeltaLengthByteArray(data + at, size - at, expected_count, &suffixes);
  out->clear();
  out->reserve(expected_count);
  size_t total = 0;
  for (size_t i = 0; i < expected_count; ++i) {
    int64_t prefix = prefixes[i];
    size_t previous = i == 0 ? 0 : (*out)[i - 1].size();
    if (prefix < 0 || static_cast<uint64_t>(prefix) > previous)
      ThrowError("DELTA_BYTE_ARRAY prefix length {} exceeds the previous value ({} bytes)", prefix,
                 previous);
    // Prefixes repeat earlier bytes, so a small page can describe huge values: bound the total.
    size_t length = static_cast<size_t>(prefix) + suffixes[i].size();
    if (length > max_bytes - std::min(total, max_bytes))
      ThrowError("DELTA_BYTE_ARRAY values expand to more than {} bytes", max_bytes);
    total += length;
    std::string value;
    value.reserve(length);
    if (prefix > 0) value.append((*out)[i - 1], 0, static_cast<size_t>(prefix));
    value.append(suffixes[i]);
    out->push_back(std::move(value));
  }
}

void DecodeByteStreamSplit(const uint8_t* data, size_t count, size_t width, uint8_t* out) {
  for (size_t k = 0; k < width; ++k) {
    const uint8_t* stream = data + k * count;
    for (size_t i = 0; i < count; ++i) out[i * width + k] = stream[i];
  }
}

int64_t Int96ToMicros(const uint8_t* p) {
  constexpr int64_t kUnixEpochJulianDay = 2440588;
  int64_t nanos;
  uint32_t julian_day;
  std::memcpy(&nanos, p, 8);
  std::memcpy(&julian_day, p + 8, 4);
  int64_t days = static_cast<int64_t>(julian_day) - kUnixEpochJulianDay;
  if (!IsSupportedDate(days) || nanos < 0 || nanos >= kMicrosPerDay * 1000)
    ThrowError(
        "INT96 timestamp (Julian day {}, {} ns) is outside the supported range "
        "0000-01-01 .. 9999-12-31",
        julian_day, nanos);
  return days * kMicrosPerDay + nanos / 1000;
}

int64_t BigEndianToInt64(const uint8_t* p, size_t size) {
  if (size == 0 || size > 16) ThrowError("decimal of {} bytes is not supported", size);
  // Bytes before the last 8 must only repeat the sign, or the value needs more than 64 bits.
  size_t skip = size > 8 ? size - 8 : 0;
  uint64_t value = (p[skip] & 0x80) ? ~uint64_t{0} : 0;
  uint8_t sign_byte = (p[skip] & 0x80) ? 0xff : 0x00;
  for (size_t i = 0; i < skip; ++i)
    if (p[i] != sign_byte) ThrowError("decimal value does not fit in 64 bits");
  for (size_t i = skip; i < size; ++i) value = (value << 8) | p[i];
  return static_cast<int64_t>(value);
}

}  // namespace tally::parquet
