#pragma once
// Shared by the fuzz targets: the input bytes as a file that tally's readers can open (a memfd,
// so nothing touches the disk), a scratch warehouse, and a memory limit small enough that a
// declared size the readers trust too much shows up as an error rather than as libFuzzer's
// out-of-memory report.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "common/memory_budget.h"

namespace tally::fuzz {

class InputFile {
 public:
  InputFile() : fd_(memfd_create("tally-fuzz-input", 0)) {
    if (fd_ < 0) std::abort();
  }
  ~InputFile() { close(fd_); }
  // Replaces the file's contents; returns a path that opens it.
  std::string Write(const uint8_t* data, size_t size) {
    if (ftruncate(fd_, 0) != 0) std::abort();
    size_t done = 0;
    while (done < size) {
      ssize_t n = pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
    return "/proc/self/fd/" + std::to_string(fd_);
  }

 private:
  int fd_;
};

// A warehouse directory of this process, emptied before each use.
inline std::string ScratchWarehouse() {
  static const std::string dir = [] {
    std::string base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
    return base + "/tally-fuzz-warehouse-" + std::to_string(getpid());
  }();
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return dir;
}

inline void LimitMemory() {
  GlobalMemoryBudget().set_limit(size_t{256} << 20);
}

}  // namespace tally::fuzz
