#pragma once
// Builders that accumulate one batch of parsed CSV values and turn them into tally Columns.
// Values are appended with plain stores into vectors the builder owns; the Column is made once
// at the end, so the hot loop has no per-value allocation or validity bookkeeping.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.h"
#include "vector/column.h"

namespace tally {

class FixedColumnBuilder {
 public:
  // Sized for `expected_rows` and written in place; grows (rarely) past that.
  FixedColumnBuilder(DataType type, size_t expected_rows);
  // `value` holds the physical value in its low FixedWidth() bytes (little endian).
  void Append(uint64_t value) {
    if (rows_ == capacity_) Grow();
    uint8_t* out = values_ + rows_ * width_;
    // Constant-size copies compile to single stores.
    switch (width_) {
      case 8:
        std::memcpy(out, &value, 8);
        break;
      case 4:
        std::memcpy(out, &value, 4);
        break;
      default:
        std::memcpy(out, &value, 1);
        break;
    }
    ++rows_;
  }
  void AppendNull() {
    nulls_.push_back(static_cast<uint32_t>(rows_));
    Append(0);
  }
  ColumnPtr Finish();

 private:
  void Grow();

  ColumnPtr column_;
  size_t width_;
  size_t rows_ = 0;
  size_t capacity_ = 0;
  uint8_t* values_;
  std::vector<uint32_t> nulls_;
};

// Strings: dictionary-encoded while the column repeats, flat otherwise. The choice is made per
// batch: once a column has more than kMaxDistinctBeforeCheck distinct values and they are more
// than half of its rows, it switches to flat (the first rows of a batch are always diverse, so
// the test waits for a few thousand distinct values).
class StringColumnBuilder {
 public:
  explicit StringColumnBuilder(size_t expected_rows);
  void Append(std::string_view value);
  void AppendNull();
  ColumnPtr Finish();
  bool is_dictionary() const { return dictionary_mode_; }

  static constexpr size_t kMaxDistinctBeforeCheck = 4096;

 private:
  int32_t Intern(std::string_view value);
  void Grow();
  void SwitchToFlat();
  std::string_view Entry(int32_t index) const {
    return std::string_view(dict_chars_.data() + dict_offsets_[index],
                            dict_offsets_[index + 1] - dict_offsets_[index]);
  }

  size_t rows_ = 0;
  std::vector<uint32_t> nulls_;
  bool dictionary_mode_ = true;
  // Dictionary mode: distinct values, an open-addressing table of entry indices, row indices.
  std::string dict_chars_;
  std::vector<uint32_t> dict_offsets_{0};
  std::vector<uint64_t> dict_hashes_;
  std::vector<uint64_t> slots_;  // see Intern
  std::vector<int32_t> indices_;
  int32_t last_index_ = -1;  // entry of the previous non-null value
  // Flat mode.
  std::string chars_;
  std::vector<uint32_t> offsets_{0};
};

}  // namespace tally
