#include "common/error.h"

namespace tally {

std::string Error::WithLocation(const SourceLocation& location, const std::string& message) {
  if (location.file.empty()) return message;
  std::string where = location.file;
  if (location.line > 0) where += fmt::format(":{}", location.line);
  if (location.column > 0) where += fmt::format(":{}", location.column);
  return where + ": " + message;
}

}  // namespace tally
