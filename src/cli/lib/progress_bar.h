#pragma once
// A one-line progress display on stderr ("ingest [####    ]  45%  ETA 3s  245,000 rows
// 30.5 MB/s read, 210.2 MB/s uncompressed"), drawn only when stderr is a terminal and --quiet
// is off; redrawn at most 10 times a second. The share done comes from bytes (of a known file
// size) or rows (of a known row count).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace tally {

class ProgressBar {
 public:
  // total_bytes = 0 and total_rows = 0 when neither is known (no percentage or ETA then).
  ProgressBar(std::string label, uint64_t total_bytes, bool enabled, uint64_t total_rows = 0);
  ~ProgressBar();
  // bytes: read from disk (or written); text_bytes: the same data uncompressed, when it differs
  // (0: not known).
  void Update(uint64_t bytes, uint64_t rows, uint64_t text_bytes = 0);
  // Clears the line.
  void Finish();
  // What Ctrl-C is to say while the job runs ("tally: interrupted; " + `what_was_kept`), after
  // clearing the bar when it is drawn (exec/spill_file.h: SetInterruptMessage).
  void OnInterrupt(const std::string& what_was_kept) const;
  bool enabled() const { return enabled_; }

  static bool StderrIsTerminal();

 private:
  std::string label_;
  uint64_t total_bytes_;
  uint64_t total_rows_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::mutex mutex_;
};

// Calls `poll` every 100 ms on a thread of its own while it lives (when `enabled`): progress of
// work that reports no progress itself (a query: its context's rows scanned).
class ProgressPoller {
 public:
  ProgressPoller(bool enabled, std::function<void()> poll);
  ~ProgressPoller();
  ProgressPoller(const ProgressPoller&) = delete;
  ProgressPoller& operator=(const ProgressPoller&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace tally
