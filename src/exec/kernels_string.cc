// String predicates with a constant pattern. Dictionary-encoded inputs are tested once per
// dictionary entry and the answers mapped through the indices, so a predicate over 500K rows
// of invoice numbers costs one test per distinct invoice.
#include <algorithm>

#include "common/error.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {

namespace {

// Bytes of the UTF-8 character starting with byte `c`.
size_t CharBytes(char c) {
  auto b = static_cast<unsigned char>(c);
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

}  // namespace

bool LikeMatch(std::string_view text, std::string_view pattern) {
  // Iterative wildcard matching with one backtrack point (the last %), linear in practice.
  // `_` is one character (UTF-8), `\x` is x itself (PostgreSQL's default escape).
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '_') {
      t += CharBytes(text[t]);
      ++p;
      continue;
    }
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
      continue;
    }
    size_t literal = p;
    if (p < pattern.size() && pattern[p] == '\\' && p + 1 < pattern.size()) literal = p + 1;
    if (literal < pattern.size() && pattern[literal] == text[t]) {
      ++t;
      p = literal + 1;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      star_t += CharBytes(text[star_t]);
      t = star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

namespace {

enum class Kind { kStartsWith, kEndsWith, kContains, kEquals, kLike };

struct Matcher {
  Kind kind;
  std::string pattern;
  bool operator()(std::string_view s) const {
    switch (kind) {
      case Kind::kStartsWith:
        return s.substr(0, pattern.size()) == pattern;
      case Kind::kEndsWith:
        return s.size() >= pattern.size() && s.substr(s.size() - pattern.size()) == pattern;
      case Kind::kContains:
        return s.find(pattern) != std::string_view::npos;
      case Kind::kEquals:
        return s == pattern;
      case Kind::kLike:
        return LikeMatch(s, pattern);
    }
    return false;
  }
};

// LIKE patterns of the common shapes become cheaper matchers.
Matcher Simplify(const std::string& pattern) {
  if (pattern.find_first_of("_\\") != std::string::npos) return {Kind::kLike, pattern};
  size_t percents = std::count(pattern.begin(), pattern.end(), '%');
  if (percents == 0) return {Kind::kEquals, pattern};
  size_t n = pattern.size();
  if (percents == 1 && pattern.back() == '%') return {Kind::kStartsWith, pattern.substr(0, n - 1)};
  if (percents == 1 && pattern.front() == '%') return {Kind::kEndsWith, pattern.substr(1)};
  if (percents == 2 && n >= 2 && pattern.front() == '%' && pattern.back() == '%')
    return {Kind::kContains, pattern.substr(1, n - 2)};
  return {Kind::kLike, pattern};
}

class StringPredicateExpr : public BoundExpr {
 public:
  StringPredicateExpr(BoundExprPtr child, Matcher matcher)
      : BoundExpr(DataType::Bool()), child_(std::move(child)), matcher_(std::move(matcher)) {}

  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    if (a.is_scalar()) {
      if (a.scalar.is_null()) return Datum(Scalar::Null(DataType::Bool()));
      return Datum(Scalar::Bool(matcher_(a.scalar.string_value())));
    }
    const Column& c = *a.column;
    size_t rows = batch.num_rows;
    ColumnPtr out = MakeFixedColumn(DataType::Bool(), rows);
    uint8_t* o = out->data<uint8_t>();
    if (c.is_dictionary()) {
      const Column& dict = *c.dictionary();
      std::vector<uint8_t> per_entry(dict.size());
      for (size_t k = 0; k < dict.size(); ++k) per_entry[k] = matcher_(dict.GetString(k));
      const int32_t* idx = c.data<int32_t>();
      for (size_t i = 0; i < rows; ++i) o[i] = per_entry[static_cast<size_t>(idx[i])];
    } else {
      for (size_t i = 0; i < rows; ++i) o[i] = matcher_(c.GetString(i));
    }
    CopyNulls(c, out.get());
    return Datum(out);
  }

 private:
  BoundExprPtr child_;
  Matcher matcher_;
};

}  // namespace

BoundExprPtr MakeStringPredicate(const std::string& name, BoundExprPtr child, std::string pattern) {
  if (child->type().id != TypeId::kString)
    ThrowError("{} needs a string, got {}", name, child->type().ToString());
  Matcher matcher;
  if (name == "starts_with")
    matcher = {Kind::kStartsWith, std::move(pattern)};
  else if (name == "ends_with")
    matcher = {Kind::kEndsWith, std::move(pattern)};
  else if (name == "contains")
    matcher = {Kind::kContains, std::move(pattern)};
  else
    matcher = Simplify(pattern);
  return std::make_shared<StringPredicateExpr>(std::move(child), std::move(matcher));
}

}  // namespace tally
