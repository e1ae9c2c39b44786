#include "cli/lib/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "exec/spill_file.h"
#include "report/text_table.h"

namespace tally {

ProgressBar::ProgressBar(std::string label, uint64_t total_bytes, bool enabled, uint64_t total_rows)
    : label_(std::move(label)),
      total_bytes_(total_bytes),
      total_rows_(total_rows),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  Finish();
}

bool ProgressBar::StderrIsTerminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

void ProgressBar::Update(uint64_t bytes, uint64_t rows, uint64_t text_bytes) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  std::string line = label_;
  double fraction = -1;
  if (total_bytes_ > 0)
    fraction = static_cast<double>(bytes) / static_cast<double>(total_bytes_);
  else if (total_rows_ > 0)
    fraction = static_cast<double>(rows) / static_cast<double>(total_rows_);
  if (fraction >= 0) {
    fraction = std::min(1.0, fraction);
    int filled = static_cast<int>(fraction * 24);
    line += fmt::format(" [{}{}] {:3.0f}%", std::string(filled, '#'), std::string(24 - filled, ' '),
                        fraction * 100);
    if (fraction > 0.02 && seconds > 0)
      line += fmt::format("  ETA {:.0f}s", seconds * (1 - fraction) / fraction);
  }
  line += "  " + Counted(rows, "row");
  if (seconds > 0 && bytes > 0) {
    line += fmt::format("  {:.1f} MB/s", static_cast<double>(bytes) / seconds / 1e6);
    // Compressed input: also the speed of the text it holds.
    if (text_bytes > bytes + bytes / 8)
      line += fmt::format(" ({:.1f} MB/s uncompressed)",
                          static_cast<double>(text_bytes) / seconds / 1e6);
  } else if (seconds > 0) {
    line += fmt::format("  {:.1f} s", seconds);
  }
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::OnInterrupt(const std::string& what_was_kept) const {
  SetInterruptMessage(
      fmt::format("{}tally: interrupted; {}\n", enabled_ ? "\r\033[K" : "", what_was_kept));
}

void ProgressBar::Finish() {
  if (!drawn_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

ProgressPoller::ProgressPoller(bool enabled, std::function<void()> poll) {
  if (!enabled) return;
  thread_ = std::thread([this, poll = std::move(poll)] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_; })) {
      lock.unlock();
      poll();
      lock.lock();
    }
  });
}

ProgressPoller::~ProgressPoller() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace tally
