#include "io/parquet/rle_bit_packed.h"

#include <cstring>

#include "common/error.h"

namespace tally::parquet {
namespace {

void PutVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

template <typename T>
void PackGroups(const T* values, size_t count, int bit_width, std::string* out) {
  // count is a multiple of 8 except possibly for the final literal run (padded with zeros).
  size_t groups = (count + 7) / 8;
  size_t start = out->size();
  out->resize(start + groups * static_cast<size_t>(bit_width));
  auto* dst = reinterpret_cast<uint8_t*>(out->data() + start);
  std::memset(dst, 0, groups * static_cast<size_t>(bit_width));
  if (bit_width == 1) {
    for (size_t i = 0; i < count; ++i)
      dst[i >> 3] |= static_cast<uint8_t>((values[i] & 1) << (i & 7));
    return;
  }
  uint64_t acc = 0;
  int bits = 0;
  size_t o = 0;
  for (size_t i = 0; i < groups * 8; ++i) {
    uint64_t v = i < count ? static_cast<uint64_t>(values[i]) : 0;
    acc |= v << bits;
    bits += bit_width;
    while (bits >= 8) {
      dst[o++] = static_cast<uint8_t>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
}

template <typename T>
void Encode(const T* values, size_t count, int bit_width, std::string* out) {
  size_t value_bytes = static_cast<size_t>((bit_width + 7) / 8);
  size_t literal_start = 0, literal_count = 0;
  auto flush_literals = [&]() {
    if (literal_count == 0) return;
    PutVarint(((literal_count + 7) / 8) << 1 | 1, out);
    PackGroups(values + literal_start, literal_count, bit_width, out);
    literal_count = 0;
  };
  size_t i = 0;
  while (i < count) {
    T v = values[i];
    size_t run = 1;
    while (i + run < count && values[i + run] == v) ++run;
    if (literal_count % 8 != 0) {
      // Literal runs hold whole groups of 8: top up the open group before anything else.
      size_t take = 8 - literal_count % 8;
      if (take > run) take = run;
      literal_count += take;
      i += take;
      continue;
    }
    if (run >= 8) {
      flush_literals();
      PutVarint(static_cast<uint64_t>(run) << 1, out);
      uint64_t value = static_cast<uint64_t>(v);
      for (size_t b = 0; b < value_bytes; ++b) out->push_back(static_cast<char>(value >> (8 * b)));
    } else {
      if (literal_count == 0) literal_start = i;
      literal_count += run;
    }
    i += run;
  }
  flush_literals();
}

}  // namespace

int BitWidth(uint32_t max_value) {
  int width = 0;
  while (max_value != 0) {
    ++width;
    max_value >>= 1;
  }
  return width;
}

void EncodeRleBitPacked(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  Encode(values, count, bit_width, out);
}

void EncodeRleBitPacked(const uint8_t* values, size_t count, int bit_width, std::string* out) {
  Encode(values, count, bit_width, out);
}

bool RleBitPackedDecoder::NextRun() {
  if (pos_ >= end_) return false;
  uint64_t header = 0;
  for (int shift = 0;; shift += 7) {
    if (pos_ >= end_ || shift > 63) return false;
    uint8_t b = *pos_++;
    header |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) break;
  }
  if (header & 1) {
    size_t groups = header >> 1;
    size_t bytes = groups * static_cast<size_t>(bit_width_);
    // A final run may be cut short by writers that do not pad; take what is there.
    size_t available = static_cast<size_t>(end_ - pos_);
    if (bytes > available) bytes = available;
    packed_ = pos_;
    packed_bytes_ = bytes;
    packed_index_ = 0;
    packed_left_ = bit_width_ == 0 ? groups * 8 : bytes * 8 / static_cast<size_t>(bit_width_);
    if (packed_left_ > groups * 8) packed_left_ = groups * 8;
    pos_ += bytes;
  } else {
    repeat_left_ = header >> 1;
    size_t value_bytes = static_cast<size_t>((bit_width_ + 7) / 8);
    if (static_cast<size_t>(end_ - pos_) < value_bytes) return false;
    uint32_t v = 0;
    for (size_t b = 0; b < value_bytes; ++b) v |= static_cast<uint32_t>(pos_[b]) << (8 * b);
    pos_ += value_bytes;
    // The value is stored in whole bytes; bits past the width mean corrupt data (a definition
    // level of 2 in a flat column would otherwise read as "defined" twice).
    if (bit_width_ < 32 && (v >> bit_width_) != 0)
      ThrowError("corrupt RLE/bit-packed data: run value {} does not fit in {} bits", v,
                 bit_width_);
    repeat_value_ = v;
  }
  return true;
}

template <typename T>
void RleBitPackedDecoder::DecodeImpl(T* out, size_t count) {
  const uint64_t mask = bit_width_ >= 32 ? 0xFFFFFFFFull : (uint64_t{1} << bit_width_) - 1;
  const size_t width = static_cast<size_t>(bit_width_);
  while (count > 0) {
    if (repeat_left_ > 0) {
      size_t n = repeat_left_ < count ? repeat_left_ : count;
      T v = static_cast<T>(repeat_value_);
      for (size_t i = 0; i < n; ++i) out[i] = v;
      out += n;
      count -= n;
      repeat_left_ -= n;
    } else if (packed_left_ > 0) {
      size_t n = packed_left_ < count ? packed_left_ : count;
      size_t index = packed_index_;
      // Fast path: a 64-bit unaligned load covers any value while 8 bytes remain readable.
      size_t safe_end = packed_bytes_ >= 8 ? ((packed_bytes_ - 8) * 8) / (width ? width : 1) : 0;
      size_t i = 0;
      if (width == 0) {
        for (; i < n; ++i) out[i] = 0;
      } else {
        for (; i < n && index + i < safe_end; ++i) {
          size_t bit = (index + i) * width;
          uint64_t word;
          std::memcpy(&word, packed_ + (bit >> 3), 8);
          out[i] = static_cast<T>((word >> (bit & 7)) & mask);
        }
        for (; i < n; ++i) {
          size_t bit = (index + i) * width;
          uint64_t word = 0;
          size_t byte = bit >> 3;
          size_t take = packed_bytes_ - byte < 8 ? packed_bytes_ - byte : 8;
          std::memcpy(&word, packed_ + byte, take);
          out[i] = static_cast<T>((word >> (bit & 7)) & mask);
        }
      }
      packed_index_ += n;
      packed_left_ -= n;
      out += n;
      count -= n;
    } else if (!NextRun()) {
      ThrowError("corrupt RLE/bit-packed data: {} values missing", count);
    }
  }
}

void RleBitPackedDecoder::Decode(uint32_t* out, size_t count) {
  DecodeImpl(out, count);
}
void RleBitPackedDecoder::Decode(uint8_t* out, size_t count) {
  DecodeImpl(out, count);
}

}  // namespace tally::parquet
