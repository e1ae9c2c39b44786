#pragma once
// Deterministic messages for the exchange tests: every (sender, receiver, step) gets its own
// size and content, so a message delivered to the wrong rank, in the wrong collective call or
// with a slice out of place does not compare equal.
#include <cstdint>
#include <string>

namespace tally::testing {

inline char PatternByte(int sender, int receiver, int step, uint64_t index) {
  const uint64_t mixed = (index * 2654435761u) >> 7;
  return static_cast<char>((mixed ^ (sender * 37 + receiver * 101 + step * 13)) & 0xff);
}

inline std::string PatternMessage(int sender, int receiver, int step, uint64_t bytes) {
  std::string message(bytes, '\0');
  for (uint64_t i = 0; i < bytes; ++i) message[i] = PatternByte(sender, receiver, step, i);
  return message;
}

// The index of the first byte where `got` differs from the expected message, or -1 when equal
// (sizes included), for short failure messages on multi-megabyte strings.
inline int64_t FirstMismatch(const std::string& got, int sender, int receiver, int step,
                             uint64_t bytes) {
  if (got.size() != bytes) return static_cast<int64_t>(std::min<uint64_t>(got.size(), bytes));
  for (uint64_t i = 0; i < bytes; ++i) {
    if (got[i] != PatternByte(sender, receiver, step, i)) return static_cast<int64_t>(i);
  }
  return -1;
}

}  // namespace tally::testing
