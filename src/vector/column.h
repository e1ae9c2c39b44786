#pragma once
// A typed column vector with a null bitmap. Fixed-width types live in one contiguous buffer
// (see common/types.h for the physical type of each logical type). Strings are either flat
// (offsets + one character buffer) or dictionary-encoded (int32 indices into a shared
// dictionary column of distinct strings), which keeps repetitive columns such as country or
// invoice_no small and lets operators group by the index.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/types.h"
#include "vector/bitmap.h"

namespace tally {

// Calls f(T{}) with T the unsigned integer of `width` bytes (1, 4 or 8), so that code moving or
// hashing fixed-width values sees their width at compile time (a memcpy of a width known only
// at run time is a library call per value).
template <typename F>
void WithUnsignedOfWidth(size_t width, F&& f) {
  switch (width) {
    case 1:
      f(uint8_t{});
      break;
    case 4:
      f(uint32_t{});
      break;
    default:
      f(uint64_t{});
  }
}

class Column;
using ColumnPtr = std::shared_ptr<Column>;

class Column {
 public:
  explicit Column(DataType type) : type_(type) {}
  // A dictionary-encoded string column: values are indices into `dictionary` (a flat string
  // column without nulls).
  static ColumnPtr MakeDictionary(std::shared_ptr<const Column> dictionary);
  static ColumnPtr Make(DataType type) { return std::make_shared<Column>(type); }

  const DataType& type() const { return type_; }
  size_t size() const { return size_; }
  bool is_dictionary() const { return dictionary_ != nullptr; }
  const std::shared_ptr<const Column>& dictionary() const { return dictionary_; }

  // ---- validity ----
  bool HasNulls() const { return null_count_ > 0; }
  size_t null_count() const { return null_count_; }
  bool IsNull(size_t i) const { return !validity_.Get(i); }
  bool IsValid(size_t i) const { return validity_.Get(i); }
  const Bitmap& validity() const { return validity_; }
  void SetNull(size_t i);

  // ---- fixed-width values (also dictionary indices as int32_t) ----
  template <typename T>
  T* data() {
    return reinterpret_cast<T*>(data_.data());
  }
  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(data_.data());
  }
  template <typename T>
  T Get(size_t i) const {
    return data<T>()[i];
  }

  // ---- strings ----
  // The string at row i (empty for null rows); resolves dictionary indices.
  std::string_view GetString(size_t i) const {
    if (dictionary_) return dictionary_->GetString(static_cast<size_t>(data<int32_t>()[i]));
    return std::string_view(chars_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  // Flat strings only: offsets has size()+1 entries.
  const std::vector<uint32_t>& offsets() const { return offsets_; }
  const std::string& chars() const { return chars_; }

  // ---- building ----
  void Reserve(size_t rows, size_t string_bytes = 0);
  // Grows or shrinks a fixed-width (or dictionary) column to `rows`; new rows are zero and valid.
  void Resize(size_t rows);
  template <typename T>
  void Append(T value) {
    size_t width = sizeof(T);
    data_.resize(data_.size() + width);
    std::memcpy(data_.data() + size_ * width, &value, width);
    ++size_;
    if (!validity_.empty()) validity_.Resize(size_, true);
  }
  void AppendString(std::string_view value);
  void AppendNull();
  // Appends row `row` of `other` (same type); slow path for tests and small results.
  void AppendFrom(const Column& other, size_t row);

  // A flat (non-dictionary) copy; returns this column itself when already flat.
  std::shared_ptr<const Column> Flatten(const std::shared_ptr<const Column>& self) const;
  // Rows [offset, offset+length) as a new column (dictionary columns keep their dictionary).
  ColumnPtr Slice(size_t offset, size_t length) const;
  // Rows at the given positions, in that order.
  ColumnPtr Take(const std::vector<uint32_t>& rows) const;

  // Human-readable value of row i ("NULL" for nulls); decimals and dates formatted exactly.
  std::string ValueToString(size_t i) const;

  size_t MemoryBytes() const {
    return data_.capacity() + offsets_.capacity() * 4 + chars_.capacity() +
           validity_.words().capacity() * 8;
  }

 private:
  void EnsureValidity();

  DataType type_;
  size_t size_ = 0;
  size_t null_count_ = 0;
  Bitmap validity_;
  std::vector<uint8_t> data_;                 // fixed-width values or dictionary indices
  std::vector<uint32_t> offsets_{0};          // flat strings
  std::string chars_;                         // flat strings
  std::shared_ptr<const Column> dictionary_;  // dictionary-encoded strings
};

}  // namespace tally
