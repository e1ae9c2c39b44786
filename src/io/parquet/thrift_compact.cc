#include "io/parquet/thrift_compact.h"

#include <cstring>

#include "common/error.h"

namespace tally::parquet {

void CompactWriter::Varint(uint64_t value) {
  while (value >= 0x80) {
    out_.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out_.push_back(static_cast<char>(value));
}

void CompactWriter::FieldHeader(int16_t id, CType type) {
  int delta = id - last_id_;
  if (delta > 0 && delta <= 15) {
    out_.push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_.push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last_id_ = id;
}

void CompactWriter::FieldI32(int16_t id, int32_t value) {
  FieldHeader(id, CType::kI32);
  I32(value);
}

void CompactWriter::FieldI64(int16_t id, int64_t value) {
  FieldHeader(id, CType::kI64);
  I64(value);
}

void CompactWriter::FieldBool(int16_t id, bool value) {
  FieldHeader(id, value ? CType::kTrue : CType::kFalse);
}

void CompactWriter::FieldBinary(int16_t id, std::string_view value) {
  FieldHeader(id, CType::kBinary);
  Binary(value);
}

void CompactWriter::FieldStruct(int16_t id) {
  FieldHeader(id, CType::kStruct);
  BeginStruct();
}

void CompactWriter::FieldList(int16_t id, CType element, size_t size) {
  FieldHeader(id, CType::kList);
  if (size < 15) {
    out_.push_back(static_cast<char>((size << 4) | static_cast<size_t>(element)));
  } else {
    out_.push_back(static_cast<char>(0xF0 | static_cast<int>(element)));
    Varint(size);
  }
}

void CompactWriter::BeginStruct() {
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactWriter::EndStruct() {
  out_.push_back(static_cast<char>(CType::kStop));
  last_id_ = stack_.back();
  stack_.pop_back();
}

void CompactWriter::Binary(std::string_view value) {
  Varint(value.size());
  out_.append(value);
}

// ---------------------------------------------------------------------------------------------

void CompactReader::Corrupt(const char* what) {
  ThrowError("corrupt Thrift metadata: {}", what);
}

uint8_t CompactReader::Byte() {
  if (pos_ >= end_) Corrupt("unexpected end of data");
  return *pos_++;
}

uint64_t CompactReader::Varint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint8_t b = Byte();
    result |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return result;
  }
  Corrupt("varint too long");
}

void CompactReader::Nest() {
  // Parquet's metadata nests a few levels; a bound keeps a crafted footer of nested lists,
  // maps or structs from recursing until the stack overflows.
  if (++depth_ > kMaxDepth) Corrupt("values nested too deeply");
}

void CompactReader::BeginStruct() {
  Nest();
  stack_.push_back(last_id_);
  last_id_ = 0;
}

void CompactReader::EndStruct() {
  last_id_ = stack_.back();
  stack_.pop_back();
  --depth_;
}

bool CompactReader::NextField(int16_t* id, CType* type) {
  uint8_t header = Byte();
  if (header == 0) return false;
  *type = static_cast<CType>(header & 0x0F);
  int delta = header >> 4;
  if (delta != 0)
    *id = static_cast<int16_t>(last_id_ + delta);
  else
    *id = static_cast<int16_t>(UnZigZag(Varint()));
  last_id_ = *id;
  return true;
}

bool CompactReader::ListBool() {
  return Byte() == 1;
}

std::string_view CompactReader::BinaryView() {
  uint64_t size = Varint();
  if (size > static_cast<uint64_t>(end_ - pos_)) Corrupt("binary longer than the data");
  std::string_view result(reinterpret_cast<const char*>(pos_), size);
  pos_ += size;
  return result;
}

std::string CompactReader::Binary() {
  return std::string(BinaryView());
}

size_t CompactReader::List(CType* element) {
  uint8_t header = Byte();
  *element = static_cast<CType>(header & 0x0F);
  size_t size = header >> 4;
  if (size == 15) size = Varint();
  if (size > static_cast<size_t>(end_ - pos_) * 8 + 64) Corrupt("list longer than the data");
  return size;
}

void CompactReader::Skip(CType type) {
  switch (type) {
    case CType::kTrue:
    case CType::kFalse:
      return;  // the value was in the field header
    case CType::kByte:
      Byte();
      return;
    case CType::kI16:
    case CType::kI32:
    case CType::kI64:
      Varint();
      return;
    case CType::kDouble:
      if (end_ - pos_ < 8) Corrupt("unexpected end of data");
      pos_ += 8;
      return;
    case CType::kBinary:
      BinaryView();
      return;
    case CType::kList:
    case CType::kSet: {
      CType element;
      size_t n = List(&element);
      Nest();
      for (size_t i = 0; i < n; ++i) {
        if (element == CType::kTrue || element == CType::kFalse)
          Byte();
        else
          Skip(element);
      }
      --depth_;
      return;
    }
    case CType::kMap: {
      uint64_t n = Varint();
      if (n == 0) return;
      uint8_t types = Byte();
      auto key = static_cast<CType>(types >> 4), value = static_cast<CType>(types & 0x0F);
      Nest();
      for (uint64_t i = 0; i < n; ++i) {
        if (key == CType::kTrue || key == CType::kFalse)
          Byte();
        else
          Skip(key);
        if (value == CType::kTrue || value == CType::kFalse)
          Byte();
        else
          Skip(value);
      }
      --depth_;
      return;
    }
    case CType::kStruct: {
      BeginStruct();
      int16_t id;
      CType field_type;
      while (NextField(&id, &field_type)) Skip(field_type);
      EndStruct();
      return;
    }
    default:
      Corrupt("unknown field type");
  }
}

}  // namespace tally::parquet
