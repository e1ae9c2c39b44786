#include "io/file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/error.h"

namespace tally {
namespace {

constexpr size_t kBufferBytes = 1 << 20;

[[noreturn]] void ThrowIoError(const std::string& what, const std::string& path) {
  ThrowError("{} {}: {}", what, path, std::strerror(errno));
}

}  // namespace

FileWriter::FileWriter(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) ThrowIoError("cannot create", path_);
  buffer_.reserve(kBufferBytes);
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
}

void FileWriter::Write(const void* data, size_t size) {
  position_ += size;
  if (buffer_.size() + size > kBufferBytes) Flush();
  if (size >= kBufferBytes) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
      ssize_t n = ::write(fd_, p, size);
      if (n < 0) {
        if (errno == EINTR) continue;
        ThrowIoError("cannot write", path_);
      }
      p += n;
      size -= static_cast<size_t>(n);
    }
    return;
  }
  buffer_.append(static_cast<const char*>(data), size);
}

void FileWriter::Flush() {
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIoError("cannot write", path_);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
}

void FileWriter::Close() {
  if (fd_ < 0) return;
  Flush();
  if (::fsync(fd_) != 0) ThrowIoError("cannot sync", path_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    ThrowIoError("cannot close", path_);
  }
  fd_ = -1;
}

void SyncDirectory(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) ThrowIoError("cannot open directory", path);
  ::fsync(fd);
  ::close(fd);
}

void WriteFileAtomically(const std::string& path, std::string_view contents) {
  std::filesystem::path target(path);
  std::string temp = (target.parent_path() / ("." + target.filename().string() + ".tmp")).string();
  {
    FileWriter writer(temp);
    writer.Write(contents);
    writer.Close();
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) ThrowIoError("cannot rename onto", path);
  SyncDirectory(target.parent_path().empty() ? "." : target.parent_path().string());
}

}  // namespace tally
