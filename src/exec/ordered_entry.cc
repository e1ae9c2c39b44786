#include "exec/ordered_entry.h"

#include <cstdint>
#include <cstring>

#include "common/error.h"
#include "exec/sort_keys.h"

namespace tally {
namespace {

void AppendBigEndian(uint64_t v, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

void AppendLength(size_t n, std::string* out) {
  auto v = static_cast<uint32_t>(n);
  char bytes[4];
  std::memcpy(bytes, &v, 4);
  out->append(bytes, 4);
}

uint32_t LengthAt(std::string_view s, size_t at) {
  uint32_t v;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}

}  // namespace

void AppendOrderKey(const Scalar& key, bool descending, bool nulls_first, std::string* out) {
  if (key.is_null()) {
    out->push_back(nulls_first ? '\0' : '\1');
    return;
  }
  out->push_back(nulls_first ? '\1' : '\0');
  size_t start = out->size();
  switch (key.type().id) {
    case TypeId::kBool:
      out->push_back(key.bool_value() ? '\1' : '\0');
      break;
    case TypeId::kDouble:
      AppendBigEndian(OrderedWord(key.double_value()), out);
      break;
    case TypeId::kString:
      // 0x00 inside the string is escaped as 0x00 0xFF; 0x00 0x00 ends it, so a string sorts
      // before every longer string it starts.
      for (char c : key.string_value()) {
        out->push_back(c);
        if (c == '\0') out->push_back('\xFF');
      }
      out->append(2, '\0');
      break;
    default:  // integers, decimals, dates, timestamps
      AppendBigEndian(OrderedWord(key.int_value()), out);
      break;
  }
  if (descending)
    for (size_t i = start; i < out->size(); ++i) (*out)[i] = static_cast<char>(~(*out)[i]);
}

void FinishEntry(std::string_view separator, std::string_view value, std::string* entry) {
  entry->append(separator);
  entry->append(value);
  AppendLength(separator.size(), entry);
  AppendLength(value.size(), entry);
}

void ReadEntry(std::string_view entry, std::string_view* separator, std::string_view* value) {
  if (entry.size() < 8) ThrowError("corrupt ordered aggregate entry");
  uint32_t value_size = LengthAt(entry, entry.size() - 4);
  uint32_t separator_size = LengthAt(entry, entry.size() - 8);
  size_t body = entry.size() - 8;
  if (size_t{value_size} + separator_size > body) ThrowError("corrupt ordered aggregate entry");
  *value = entry.substr(body - value_size, value_size);
  *separator = entry.substr(body - value_size - separator_size, separator_size);
}

}  // namespace tally
