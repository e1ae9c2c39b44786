#pragma once
// Small readers of the generated SVG/HTML text for assertions.
#include <regex>
#include <string>
#include <vector>

namespace tally::testing {

inline size_t CountOf(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The opening tags that contain `marker` (e.g. class="mark bar).
inline std::vector<std::string> TagsWith(const std::string& text, const std::string& marker) {
  std::vector<std::string> tags;
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
    size_t start = text.rfind('<', at), end = text.find('>', at);
    tags.push_back(text.substr(start, end - start + 1));
  }
  return tags;
}

// The value of attribute `name` in one tag; throws when missing.
inline std::string Attr(const std::string& tag, const std::string& name) {
  std::smatch m;
  std::regex re("\\s" + name + "=\"([^\"]*)\"");
  if (!std::regex_search(tag, m, re)) throw std::runtime_error("no " + name + " in " + tag);
  return m[1];
}

inline double NumAttr(const std::string& tag, const std::string& name) {
  return std::stod(Attr(tag, name));
}

// "nan" or "inf" as a word anywhere (case-insensitive): what a division by zero would print.
inline bool HasNonFinite(const std::string& text) {
  static const std::regex re("(^|[^a-zA-Z])(nan|inf|infinity)([^a-zA-Z]|$)", std::regex::icase);
  return std::regex_search(text, re);
}

}  // namespace tally::testing
