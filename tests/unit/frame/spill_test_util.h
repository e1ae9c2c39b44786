#pragma once
// A tiny memory limit and a private spill directory for part of a test, so that operators
// spill. The destructor restores the limit (also when the test throws) and removes the
// directory; FilesLeft() tells whether spill files outlived their operators.
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/memory_budget.h"
#include "exec/spill_file.h"

namespace tally::testing {

class TinyBudget {
 public:
  TinyBudget(size_t limit, const std::string& name)
      : dir_(std::filesystem::temp_directory_path() /
             ("tally_" + name + "_" + std::to_string(getpid()))),
        limit_(GlobalMemoryBudget().limit()),
        files_before_(SpillFilesCreated()) {
    std::filesystem::create_directories(dir_);
    SetSpillTempDir(dir_.string());
    GlobalMemoryBudget().set_limit(limit);
  }
  ~TinyBudget() {
    RestoreLimit();
    RemoveSpillDirectory();
    std::filesystem::remove_all(dir_);
    SetSpillTempDir("");
  }
  TinyBudget(const TinyBudget&) = delete;
  TinyBudget& operator=(const TinyBudget&) = delete;

  void RestoreLimit() { GlobalMemoryBudget().set_limit(limit_); }
  bool Spilled() const { return SpillFilesCreated() > files_before_; }
  size_t FilesLeft() const {
    size_t files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_))
      if (entry.is_regular_file()) ++files;
    return files;
  }

 private:
  std::filesystem::path dir_;
  size_t limit_;
  size_t files_before_;
};

}  // namespace tally::testing
