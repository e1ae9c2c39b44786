#include "common/error.h"

namespace tally {

std::string Error::Describe() const {
  if (location_.file.empty()) return what();
  std::string where = location_.file;
  if (location_.line > 0) where += fmt::format(":{}", location_.line);
  if (location_.column > 0) where += fmt::format(":{}", location_.column);
  return where + ": " + what();
}

}  // namespace tally
