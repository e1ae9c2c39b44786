#pragma once
// The RLE / bit-packing hybrid encoding of Parquet, used for definition levels and dictionary
// indices: a sequence of runs, each either a repeated value (header = count << 1) or groups of 8
// values bit-packed LSB first (header = groups << 1 | 1).
#include <cstddef>
#include <cstdint>
#include <string>

namespace tally::parquet {

// Bits needed to store values up to max_value (0 for 0).
int BitWidth(uint32_t max_value);

// Appends the hybrid encoding of values[0..count) (each < 2^bit_width) to `out`.
void EncodeRleBitPacked(const uint32_t* values, size_t count, int bit_width, std::string* out);
// The same for byte values (definition levels).
void EncodeRleBitPacked(const uint8_t* values, size_t count, int bit_width, std::string* out);

// Decodes exactly `count` values; throws tally::Error if the data runs out first.
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
      : pos_(data), end_(data + size), bit_width_(bit_width) {}
  void Decode(uint32_t* out, size_t count);
  void Decode(uint8_t* out, size_t count);

 private:
  template <typename T>
  void DecodeImpl(T* out, size_t count);
  bool NextRun();

  const uint8_t* pos_;
  const uint8_t* end_;
  int bit_width_;
  // Current run: either `repeat_left` copies of `repeat_value`, or `packed_left` values starting
  // at bit `packed_bit` of `packed`.
  size_t repeat_left_ = 0;
  uint32_t repeat_value_ = 0;
  size_t packed_left_ = 0;
  const uint8_t* packed_ = nullptr;
  size_t packed_bytes_ = 0;
  size_t packed_index_ = 0;
};

}  // namespace tally::parquet
