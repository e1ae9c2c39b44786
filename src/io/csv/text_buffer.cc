#include "io/csv/text_buffer.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

#include "common/error.h"

namespace tally {
namespace {
constexpr size_t kHugePage = size_t{2} << 20;
}

TextBuffer::~TextBuffer() {
  Release();
}

TextBuffer::TextBuffer(TextBuffer&& other) noexcept {
  *this = std::move(other);
}

TextBuffer& TextBuffer::operator=(TextBuffer&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    mapped_ = std::exchange(other.mapped_, 0);
  }
  return *this;
}

void TextBuffer::Release() {
  if (data_) ::munmap(data_, mapped_);
  data_ = nullptr;
  size_ = capacity_ = mapped_ = 0;
}

void TextBuffer::Reserve(size_t capacity) {
  if (capacity <= capacity_) return;
  // Grow geometrically so a record much longer than a chunk is copied O(1) times per byte.
  if (size_ > 0) capacity = std::max(capacity, capacity_ * 2);
  // Small buffers (tiny chunk sizes, tests) round to pages, large ones to huge pages.
  size_t unit = capacity + 1 < kHugePage / 2 ? 4096 : kHugePage;
  size_t bytes = (capacity + 1 + unit - 1) / unit * unit;
  void* memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
  if (unit == kHugePage) ::madvise(memory, bytes, MADV_HUGEPAGE);  // a hint; failure is harmless
  char* fresh = static_cast<char*>(memory);
  if (size_ > 0) std::memcpy(fresh, data_, size_);
  size_t size = size_;
  Release();
  data_ = fresh;
  size_ = size;
  capacity_ = bytes - 1;
  mapped_ = bytes;
  data_[size_] = '\0';
}

void TextBuffer::SetSize(size_t size) {
  TALLY_ASSERT(size <= capacity_ || (size == 0 && !data_));
  size_ = size;
  if (data_) data_[size_] = '\0';
}

void TextBuffer::Append(const char* bytes, size_t count) {
  if (size_ + count > capacity_) Reserve(std::max(size_ + count, capacity_ * 2));
  if (count > 0) std::memcpy(data_ + size_, bytes, count);
  SetSize(size_ + count);
}

}  // namespace tally
