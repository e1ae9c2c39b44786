#pragma once
// The Thrift compact protocol, just enough of it for Parquet metadata: varints, zigzag
// integers, field headers with id deltas, nested structs, lists, binary and bools. Parquet
// footers and page headers are Thrift structs in this encoding. The decoder skips fields it does
// not know, so files written by other engines (with newer or extra fields) still read.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tally::parquet {

// Compact protocol type codes (the low nibble of a field header).
enum class CType : uint8_t {
  kStop = 0,
  kTrue = 1,
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class CompactWriter {
 public:
  // Fields of the current struct. Ids must increase within one struct.
  void FieldI32(int16_t id, int32_t value);
  void FieldI64(int16_t id, int64_t value);
  void FieldBool(int16_t id, bool value);
  void FieldBinary(int16_t id, std::string_view value);
  // Starts a nested struct field; close it with EndStruct().
  void FieldStruct(int16_t id);
  // Starts a list field of `size` elements; write the elements with the element writers below.
  void FieldList(int16_t id, CType element, size_t size);

  // Top-level struct (or a struct element of a list): BeginStruct ... EndStruct.
  void BeginStruct();
  void EndStruct();

  // List elements.
  void I32(int32_t value) { Varint(ZigZag(value)); }
  void I64(int64_t value) { Varint(ZigZag(value)); }
  void Binary(std::string_view value);

  const std::string& buffer() const { return out_; }
  std::string& buffer() { return out_; }

  void Varint(uint64_t value);
  static uint64_t ZigZag(int64_t value) {
    return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  }

 private:
  void FieldHeader(int16_t id, CType type);

  std::string out_;
  std::vector<int16_t> stack_;
  int16_t last_id_ = 0;
};

// Reads compact-protocol data. Throws tally::Error on truncated or malformed input.
class CompactReader {
 public:
  CompactReader(const uint8_t* data, size_t size) : pos_(data), end_(data + size) {}

  void BeginStruct();
  void EndStruct();
  // The next field of the current struct; false at the end (STOP) of the struct.
  bool NextField(int16_t* id, CType* type);
  // Skips a value of this type (after NextField, or a list element).
  void Skip(CType type);

  int8_t I8() { return static_cast<int8_t>(Byte()); }
  int32_t I32() { return static_cast<int32_t>(UnZigZag(Varint())); }
  int64_t I64() { return UnZigZag(Varint()); }
  // A bool field's value is in its header type; a bool list element is one byte.
  static bool FieldBool(CType type) { return type == CType::kTrue; }
  bool ListBool();
  std::string Binary();
  std::string_view BinaryView();
  // A list header: returns the element count and sets the element type.
  size_t List(CType* element);

  uint64_t Varint();
  static int64_t UnZigZag(uint64_t v) {
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
  }
  // Bytes consumed so far.
  size_t position(const uint8_t* start) const { return static_cast<size_t>(pos_ - start); }
  const uint8_t* pos() const { return pos_; }

 private:
  uint8_t Byte();
  [[noreturn]] static void Corrupt(const char* what);
  void Nest();

  static constexpr int kMaxDepth = 64;

  const uint8_t* pos_;
  const uint8_t* end_;
  std::vector<int16_t> stack_;
  int16_t last_id_ = 0;
  int depth_ = 0;
};

}  // namespace tally::parquet
