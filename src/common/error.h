#pragma once
// Errors that end a command. User errors (bad input, bad options) carry an optional source
// location so the CLI can print `tally: error: FILE:LINE:COLUMN: message`. Internal errors are
// programmer mistakes and are reported as such.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace tally {

// Where in an input file a problem was found. line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  uint64_t line = 0;
  uint64_t column = 0;
};

// what() is the full text, with the location when one is known ("FILE:LINE:COLUMN: message"),
// so a program that catches std::exception still learns where the problem is.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message), message_(message) {}
  Error(SourceLocation location, const std::string& message)
      : std::runtime_error(WithLocation(location, message)),
        location_(std::move(location)),
        message_(message) {}

  const SourceLocation& location() const { return location_; }
  // The message without the location.
  const std::string& message() const { return message_; }
  // The full text shown to the user (what()).
  std::string Describe() const { return what(); }

 private:
  static std::string WithLocation(const SourceLocation& location, const std::string& message);

  SourceLocation location_;
  std::string message_;
};

// A bug in tally itself, not in the user's input.
class InternalError : public std::logic_error {
 public:
  explicit InternalError(const std::string& message) : std::logic_error(message) {}
};

// Usage errors (bad command-line arguments) exit with status 2 instead of 1.
class UsageError : public Error {
 public:
  using Error::Error;
};

template <typename... Args>
[[noreturn]] void ThrowError(fmt::format_string<Args...> format, Args&&... args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

#define TALLY_ASSERT(condition)                                                          \
  do {                                                                                   \
    if (!(condition))                                                                    \
      throw ::tally::InternalError(std::string("assertion failed: " #condition " at ") + \
                                   __FILE__ + ":" + std::to_string(__LINE__));           \
  } while (0)

}  // namespace tally
