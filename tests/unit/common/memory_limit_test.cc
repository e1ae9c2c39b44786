// The default memory budget honours the cgroup limit of a container or a Slurm job, not just
// the machine's physical memory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/memory_budget.h"

namespace tally {
namespace {
namespace fs = std::filesystem;

class CgroupLimit : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("tally_cgroup_" + std::to_string(getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text << "\n";
  }
  fs::path root_;
};

TEST_F(CgroupLimit, Version2ReadsMemoryMaxOfTheCgroupAndItsParents) {
  Write("job/step/memory.max", "max");
  Write("job/memory.max", "2147483648");
  EXPECT_EQ(CgroupMemoryLimit("0::/job/step\n", root_.string()), size_t{2} << 30);
  Write("job/step/memory.max", "1073741824");
  EXPECT_EQ(CgroupMemoryLimit("0::/job/step\n", root_.string()), size_t{1} << 30);
}

TEST_F(CgroupLimit, Version1ReadsTheMemoryController) {
  Write("memory/docker/abc/memory.limit_in_bytes", "536870912");
  EXPECT_EQ(CgroupMemoryLimit("4:memory:/docker/abc\n3:cpuset:/\n", root_.string()),
            size_t{512} << 20);
  // "No limit" in v1 is a huge number.
  Write("memory/docker/abc/memory.limit_in_bytes", "9223372036854771712");
  EXPECT_EQ(CgroupMemoryLimit("4:memory:/docker/abc\n", root_.string()), 0u);
}

TEST_F(CgroupLimit, NoCgroupOrNoLimitIsZero) {
  EXPECT_EQ(CgroupMemoryLimit("", root_.string()), 0u);
  Write("memory.max", "max");
  EXPECT_EQ(CgroupMemoryLimit("0::/\n", root_.string()), 0u);
  EXPECT_GT(DefaultMemoryLimit(), 0u);
}

}  // namespace
}  // namespace tally
