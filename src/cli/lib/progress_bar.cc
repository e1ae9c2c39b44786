#include "cli/lib/progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "report/text_table.h"

namespace tally {

ProgressBar::ProgressBar(std::string label, uint64_t total_bytes, bool enabled)
    : label_(std::move(label)),
      total_bytes_(total_bytes),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  Finish();
}

bool ProgressBar::StderrIsTerminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

void ProgressBar::Update(uint64_t bytes, uint64_t rows) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? static_cast<double>(bytes) / seconds : 0;
  std::string line = label_;
  if (total_bytes_ > 0) {
    double fraction = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(total_bytes_));
    int filled = static_cast<int>(fraction * 24);
    line += fmt::format(" [{}{}] {:3.0f}%", std::string(filled, '#'), std::string(24 - filled, ' '),
                        fraction * 100);
    if (rate > 0 && fraction > 0.02)
      line += fmt::format("  ETA {:.0f}s",
                          static_cast<double>(total_bytes_ - std::min(bytes, total_bytes_)) / rate);
  }
  line += fmt::format("  {} rows  {:.1f} MB/s", WithThousands(std::to_string(rows)), rate / 1e6);
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (!drawn_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace tally
