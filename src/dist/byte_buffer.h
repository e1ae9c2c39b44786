#pragma once
// Appending fixed-width values and strings to a byte string, and reading them back with bounds
// checks: the wire format of what ranks send each other (partial aggregate states, counts) and
// of spilled batches. Values
// are written in the machine's byte order (all ranks of a run share one architecture).
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/error.h"

namespace tally {

template <typename T>
void PutValue(std::string* out, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

inline void PutBytes(std::string* out, const void* data, size_t size) {
  out->append(static_cast<const char*>(data), size);
}

inline void PutString(std::string* out, std::string_view s) {
  PutValue<uint64_t>(out, s.size());
  out->append(s);
}

class ByteReader {
 public:
  explicit ByteReader(std::string_view data) : data_(data) {}

  template <typename T>
  T Get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    std::memcpy(&value, Take(sizeof(T)), sizeof(T));
    return value;
  }
  void GetBytes(void* out, size_t size) { std::memcpy(out, Take(size), size); }
  // The next `size` bytes, in place.
  const char* Take(size_t size) {
    if (size > data_.size() - pos_) throw InternalError("truncated message or block");
    const char* p = data_.data() + pos_;
    pos_ += size;
    return p;
  }
  std::string_view GetString() {
    size_t size = Get<uint64_t>();
    return std::string_view(Take(size), size);
  }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace tally
