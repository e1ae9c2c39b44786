#pragma once
// A growable buffer for chunks of CSV text. Unlike std::string it grows without zero-filling,
// and it asks for transparent huge pages: the first touch of a fresh multi-megabyte buffer
// otherwise costs a page fault per 4 KiB, which dominated the reader's profile. One byte past
// the end always holds '\0', so scanners may read data()[size()] as a sentinel.
#include <cstddef>
#include <string_view>

namespace tally {

class TextBuffer {
 public:
  TextBuffer() = default;
  ~TextBuffer();
  TextBuffer(TextBuffer&& other) noexcept;
  TextBuffer& operator=(TextBuffer&& other) noexcept;
  TextBuffer(const TextBuffer&) = delete;
  TextBuffer& operator=(const TextBuffer&) = delete;

  char* data() { return data_ ? data_ : empty_; }
  const char* data() const { return data_ ? data_ : empty_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return std::string_view(data(), size_); }

  // Makes room for `capacity` bytes, keeping the contents.
  void Reserve(size_t capacity);
  // Sets the size (at most capacity()); new bytes are whatever was written there.
  void SetSize(size_t size);
  void Append(const char* bytes, size_t count);

 private:
  void Release();

  char* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;  // usable bytes; the mapping has one more for the sentinel
  size_t mapped_ = 0;
  char empty_[1] = {'\0'};
};

}  // namespace tally
