#pragma once
// A buffered binary file writer for data files (Parquet, spill files). Close() flushes and
// fsyncs, so a file that Close() returned from is durable; the warehouse makes it visible
// afterwards by renaming (see catalog/). A writer destroyed without Close() removes its file.
#include <cstdint>
#include <string>
#include <string_view>

namespace tally {

class FileWriter {
 public:
  explicit FileWriter(std::string path);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  void Write(const void* data, size_t size);
  void Write(std::string_view bytes) { Write(bytes.data(), bytes.size()); }
  // Bytes written so far (the current file offset).
  uint64_t position() const { return position_; }
  void Close();
  const std::string& path() const { return path_; }

 private:
  void Flush();

  std::string path_;
  int fd_ = -1;
  uint64_t position_ = 0;
  std::string buffer_;
};

// Writes `contents` to `path` atomically: a temporary file in the same directory, fsync, rename,
// fsync of the directory. Readers see either the old file or the new one, never a mix.
void WriteFileAtomically(const std::string& path, std::string_view contents);
// fsync of a directory, so that renames inside it are durable.
void SyncDirectory(const std::string& path);

}  // namespace tally
