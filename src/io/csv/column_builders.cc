#include "io/csv/column_builders.h"

#include <algorithm>
#include <functional>

namespace tally {

FixedColumnBuilder::FixedColumnBuilder(DataType type, size_t expected_rows)
    : column_(Column::Make(type)), width_(type.FixedWidth()), capacity_(expected_rows) {
  column_->Resize(capacity_);
  values_ = column_->data<uint8_t>();
}

void FixedColumnBuilder::Grow() {
  capacity_ = std::max<size_t>(16, capacity_ * 2);
  column_->Resize(capacity_);
  values_ = column_->data<uint8_t>();
}

ColumnPtr FixedColumnBuilder::Finish() {
  column_->Resize(rows_);
  for (uint32_t row : nulls_) column_->SetNull(row);
  return std::move(column_);
}

StringColumnBuilder::StringColumnBuilder(size_t expected_rows) {
  indices_.reserve(expected_rows);
  // A power of two, at least twice the entries it may hold before growing; small when the
  // batch is small (a file of thousands of columns has one builder per column).
  size_t slots = 16;
  while (slots < 1024 && slots < expected_rows * 2) slots *= 2;
  slots_.assign(slots, 0);
}

namespace {

// A fast hash for short strings (codes, names): eight bytes at a time, multiply-xorshift mixing.
inline uint64_t HashBytes(std::string_view value) {
  const char* p = value.data();
  const size_t n = value.size();
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
  uint64_t word = 0;
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::memcpy(&word, p + i, 8);
      h = (h ^ word) * 0xFF51AFD7ED558CCDULL;
      h ^= h >> 32;
    }
    if (i == n) return h ^ (h >> 29);
    std::memcpy(&word, p + n - 8, 8);  // the last 8 bytes, overlapping the previous word
  } else if (n >= 4) {
    uint32_t low, high;
    std::memcpy(&low, p, 4);
    std::memcpy(&high, p + n - 4, 4);
    word = low | (static_cast<uint64_t>(high) << 32);
  } else if (n > 0) {
    word = static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[n / 2]) << 8) |
           (static_cast<unsigned char>(p[n - 1]) << 16);
  }
  h = (h ^ word) * 0xC4CEB9FE1A85EC53ULL;
  return h ^ (h >> 29);
}

// Equality of two strings of the same length `n` without a call to memcmp: short strings (the
// common case) are compared with two overlapping loads that stay inside both strings.
inline bool BytesEqual(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    if (n > 16) return std::memcmp(a, b, n) == 0;
    uint64_t a0, b0, a1, b1;
    std::memcpy(&a0, a, 8);
    std::memcpy(&b0, b, 8);
    std::memcpy(&a1, a + n - 8, 8);
    std::memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4) {
    uint32_t a0, b0, a1, b1;
    std::memcpy(&a0, a, 4);
    std::memcpy(&b0, b, 4);
    std::memcpy(&a1, a + n - 4, 4);
    std::memcpy(&b1, b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

inline bool SameString(std::string_view a, std::string_view b) {
  return a.size() == b.size() && BytesEqual(a.data(), b.data(), a.size());
}

}  // namespace

// A slot holds the entry index + 1 in its low 32 bits (0 = empty) and the high 32 bits of the
// entry's hash in its high bits, so most mismatches are rejected without touching the entries.
namespace {
constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ULL;
}

void StringColumnBuilder::Grow() {
  std::vector<uint64_t> slots(slots_.size() * 2, 0);
  size_t mask = slots.size() - 1;
  for (size_t i = 0; i < dict_hashes_.size(); ++i) {
    size_t slot = dict_hashes_[i] & mask;
    while (slots[slot] != 0) slot = (slot + 1) & mask;
    slots[slot] = (dict_hashes_[i] & kTagMask) | (i + 1);
  }
  slots_.swap(slots);
}

int32_t StringColumnBuilder::Intern(std::string_view value) {
  uint64_t hash = HashBytes(value);
  size_t mask = slots_.size() - 1;
  size_t slot = hash & mask;
  for (;;) {
    uint64_t entry = slots_[slot];
    if (entry == 0) break;
    if ((entry & kTagMask) == (hash & kTagMask)) {
      auto index = static_cast<int32_t>((entry & ~kTagMask) - 1);
      if (SameString(Entry(index), value)) return index;
    }
    slot = (slot + 1) & mask;
  }
  auto index = static_cast<int32_t>(dict_hashes_.size());
  slots_[slot] = (hash & kTagMask) | (static_cast<uint64_t>(index) + 1);
  dict_hashes_.push_back(hash);
  dict_chars_.append(value);
  dict_offsets_.push_back(static_cast<uint32_t>(dict_chars_.size()));
  if (dict_hashes_.size() * 2 > slots_.size()) Grow();
  return index;
}

void StringColumnBuilder::SwitchToFlat() {
  dictionary_mode_ = false;
  chars_.reserve(dict_chars_.size() * 2);
  offsets_.reserve(indices_.capacity() + 1);
  for (int32_t index : indices_) {
    if (index >= 0) chars_.append(Entry(index));
    offsets_.push_back(static_cast<uint32_t>(chars_.size()));
  }
  std::vector<int32_t>().swap(indices_);
  std::vector<uint64_t>().swap(slots_);
  std::vector<uint64_t>().swap(dict_hashes_);
}

void StringColumnBuilder::Append(std::string_view value) {
  ++rows_;
  if (dictionary_mode_) {
    // Sorted data repeats values in runs (the lines of one invoice): skip the hash then.
    if (last_index_ >= 0 && SameString(Entry(last_index_), value)) {
      indices_.push_back(last_index_);
      return;
    }
    last_index_ = Intern(value);
    indices_.push_back(last_index_);
    size_t distinct = dict_hashes_.size();
    if (distinct > kMaxDistinctBeforeCheck && distinct * 2 > rows_) SwitchToFlat();
    return;
  }
  chars_.append(value);
  offsets_.push_back(static_cast<uint32_t>(chars_.size()));
}

void StringColumnBuilder::AppendNull() {
  nulls_.push_back(static_cast<uint32_t>(rows_));
  ++rows_;
  if (dictionary_mode_)
    indices_.push_back(-1);
  else
    offsets_.push_back(static_cast<uint32_t>(chars_.size()));
}

ColumnPtr StringColumnBuilder::Finish() {
  // A dictionary needs at least one entry for null rows to point at.
  if (dictionary_mode_ && dict_hashes_.empty()) SwitchToFlat();
  ColumnPtr column;
  if (dictionary_mode_) {
    auto dictionary = Column::Make(DataType::String());
    dictionary->Reserve(dict_hashes_.size(), dict_chars_.size());
    for (size_t i = 0; i < dict_hashes_.size(); ++i)
      dictionary->AppendString(Entry(static_cast<int32_t>(i)));
    column = Column::MakeDictionary(dictionary);
    column->Resize(rows_);
    int32_t* out = column->data<int32_t>();
    for (size_t i = 0; i < rows_; ++i) out[i] = std::max(indices_[i], 0);
  } else {
    column = Column::Make(DataType::String());
    column->Reserve(rows_, chars_.size());
    for (size_t i = 0; i < rows_; ++i)
      column->AppendString(
          std::string_view(chars_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]));
  }
  for (uint32_t row : nulls_) column->SetNull(row);
  return column;
}

}  // namespace tally
