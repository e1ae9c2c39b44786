#pragma once
// A one-line progress display on stderr ("[####    ] 45%  245,000 rows  120.5 MB/s  ETA 3s"),
// drawn only when stderr is a terminal and --quiet is off; redrawn at most 10 times a second.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace tally {

class ProgressBar {
 public:
  // total_bytes = 0 when the size is unknown (no percentage or ETA then).
  ProgressBar(std::string label, uint64_t total_bytes, bool enabled);
  ~ProgressBar();
  void Update(uint64_t bytes, uint64_t rows);
  // Clears the line.
  void Finish();
  bool enabled() const { return enabled_; }

  static bool StderrIsTerminal();

 private:
  std::string label_;
  uint64_t total_bytes_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::mutex mutex_;
};

}  // namespace tally
