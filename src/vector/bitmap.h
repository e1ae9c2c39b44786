#pragma once
// A validity bitmap: bit i set = row i is valid (not null). An empty bitmap means "all valid",
// so columns without nulls cost nothing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tally {

class Bitmap {
 public:
  bool empty() const { return words_.empty(); }
  size_t size() const { return size_; }
  // Materializes the bitmap with all `size` bits valid (used before the first SetNull).
  void InitAllValid(size_t size) {
    words_.assign((size + 63) / 64, ~uint64_t{0});
    size_ = size;
  }
  // Bits [old size, size) become `valid`; bits past `size` are dropped. Bits left in the last
  // word by an earlier shrink are overwritten, not revived.
  void Resize(size_t size, bool valid) {
    words_.resize((size + 63) / 64, valid ? ~uint64_t{0} : 0);
    size_t end = std::min(size, words_.size() * 64);
    for (size_t i = size_; i < end && (i & 63) != 0; ++i) Set(i, valid);
    size_ = size;
  }
  void Clear() {
    words_.clear();
    size_ = 0;
  }

  bool Get(size_t i) const { return words_.empty() || ((words_[i >> 6] >> (i & 63)) & 1); }
  void Set(size_t i, bool valid) {
    if (valid)
      words_[i >> 6] |= uint64_t{1} << (i & 63);
    else
      words_[i >> 6] &= ~(uint64_t{1} << (i & 63));
  }

  const std::vector<uint64_t>& words() const { return words_; }

 private:
  std::vector<uint64_t> words_;
  size_t size_ = 0;
};

}  // namespace tally
