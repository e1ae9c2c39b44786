// String functions: upper, lower, length and substring, in characters (UTF-8 code points) as
// PostgreSQL counts them. A dictionary-encoded input is transformed once per dictionary entry:
// string results keep a dictionary (of distinct entries), numbers are mapped through the
// indices.
#include <locale.h>
#include <wctype.h>

#include <map>

#include "common/error.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

int32_t CharCount(std::string_view s) {
  int32_t n = 0;
  for (char c : s) n += IsContinuationByte(c) ? 0 : 1;
  return n;
}

// The byte offset of character `index` (0-based) of `s`, or s.size() past the end.
size_t ByteOffsetOfChar(std::string_view s, int64_t index) {
  size_t offset = 0;
  for (int64_t seen = 0; offset < s.size(); ++offset) {
    if (IsContinuationByte(s[offset])) continue;
    if (seen++ == index) return offset;
  }
  return s.size();
}

// A function of one string returning a string, applied per row or per dictionary entry.
class StringToStringExpr : public BoundExpr {
 public:
  using Fn = std::string (*)(std::string_view);
  StringToStringExpr(BoundExprPtr child, Fn fn)
      : BoundExpr(DataType::String()), child_(std::move(child)), fn_(fn) {}

  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    if (a.is_scalar()) {
      if (a.scalar.is_null()) return Datum(Scalar::Null(DataType::String()));
      return Datum(Scalar::String(fn_(a.scalar.string_value())));
    }
    const Column& in = *a.column;
    if (in.is_dictionary()) return Datum(OverDictionary(in));
    ColumnPtr out = Column::Make(DataType::String());
    out->Reserve(in.size(), in.chars().size());
    for (size_t i = 0; i < in.size(); ++i) {
      if (in.IsNull(i))
        out->AppendNull();
      else
        out->AppendString(fn_(in.GetString(i)));
    }
    return Datum(out);
  }

 private:
  // Transforms each entry once; entries that become equal share one new entry.
  ColumnPtr OverDictionary(const Column& in) const {
    const Column& dict = *in.dictionary();
    auto new_dict = Column::Make(DataType::String());
    std::map<std::string, int32_t> seen;
    std::vector<int32_t> remap(dict.size());
    for (size_t k = 0; k < dict.size(); ++k) {
      std::string value = fn_(dict.GetString(k));
      auto [it, inserted] = seen.emplace(value, static_cast<int32_t>(seen.size()));
      if (inserted) new_dict->AppendString(value);
      remap[k] = it->second;
    }
    ColumnPtr out = Column::MakeDictionary(new_dict);
    const int32_t* idx = in.data<int32_t>();
    for (size_t i = 0; i < in.size(); ++i) {
      if (in.IsNull(i))
        out->AppendNull();
      else
        out->Append<int32_t>(remap[static_cast<size_t>(idx[i])]);
    }
    return out;
  }

  BoundExprPtr child_;
  Fn fn_;
};

// Case mapping of every character by the C library's Unicode tables (the C.UTF-8 locale,
// opened once and used through the _l functions, so the process locale does not matter): what
// PostgreSQL's upper and lower do in a UTF-8 database. Without that locale, ASCII letters only.
locale_t Utf8Locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

// Decodes one UTF-8 character at s[*i] (input is valid UTF-8: every reader checks it).
char32_t NextChar(std::string_view s, size_t* i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(*i);
  int extra = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
  char32_t c = extra == 0 ? b : b & (0x3F >> extra);
  for (int k = 1; k <= extra && *i + static_cast<size_t>(k) < s.size(); ++k)
    c = (c << 6) | (byte(*i + static_cast<size_t>(k)) & 0x3F);
  *i += static_cast<size_t>(extra) + 1;
  return c;
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

template <bool kUpper>
std::string ConvertCase(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  locale_t locale = Utf8Locale();
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {  // ASCII fast path
      char c = s[i++];
      if (kUpper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!kUpper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      out.push_back(c);
      continue;
    }
    size_t start = i;
    char32_t c = NextChar(s, &i);
    if (locale == static_cast<locale_t>(0)) {
      out.append(s.substr(start, i - start));
      continue;
    }
    wint_t mapped = kUpper ? towupper_l(static_cast<wint_t>(c), locale)
                           : towlower_l(static_cast<wint_t>(c), locale);
    AppendUtf8(static_cast<char32_t>(mapped), &out);
  }
  return out;
}

std::string ToUpper(std::string_view s) {
  return ConvertCase<true>(s);
}
std::string ToLower(std::string_view s) {
  return ConvertCase<false>(s);
}

class CharLengthExpr : public BoundExpr {
 public:
  explicit CharLengthExpr(BoundExprPtr child)
      : BoundExpr(DataType::Int32()), child_(std::move(child)) {}

  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    if (a.is_scalar()) {
      if (a.scalar.is_null()) return Datum(Scalar::Null(DataType::Int32()));
      return Datum(Scalar::Int32(CharCount(a.scalar.string_value())));
    }
    const Column& in = *a.column;
    ColumnPtr out = MakeFixedColumn(DataType::Int32(), in.size());
    int32_t* o = out->data<int32_t>();
    if (in.is_dictionary()) {
      const Column& dict = *in.dictionary();
      std::vector<int32_t> per_entry(dict.size());
      for (size_t k = 0; k < dict.size(); ++k) per_entry[k] = CharCount(dict.GetString(k));
      const int32_t* idx = in.data<int32_t>();
      for (size_t i = 0; i < in.size(); ++i) o[i] = per_entry[static_cast<size_t>(idx[i])];
    } else {
      for (size_t i = 0; i < in.size(); ++i) o[i] = CharCount(in.GetString(i));
    }
    CopyNulls(in, out.get());
    return Datum(out);
  }

 private:
  BoundExprPtr child_;
};

// substring(s, start [, count]): characters start .. start+count-1, 1-based; positions before
// the first character count but select nothing (PostgreSQL's rule).
class SubstringExpr : public BoundExpr {
 public:
  SubstringExpr(BoundExprPtr text, BoundExprPtr start, BoundExprPtr count)
      : BoundExpr(DataType::String()),
        text_(std::move(text)),
        start_(std::move(start)),
        count_(std::move(count)) {}

  Datum Evaluate(const Batch& batch) const override {
    Datum s = text_->Evaluate(batch);
    Datum from = start_->Evaluate(batch);
    Datum n = count_ ? count_->Evaluate(batch) : Datum(Scalar::Int64(0));
    std::vector<const Datum*> inputs = {&s, &from, &n};
    size_t rows = RowsFor(inputs, batch.num_rows);
    Values<int64_t> starts = RawValues<int64_t>(from);
    Values<int64_t> counts = RawValues<int64_t>(n);
    ColumnPtr out = Column::Make(DataType::String());
    for (size_t i = 0; i < rows; ++i) {
      if (DatumIsNull(s, i) || DatumIsNull(from, i) || DatumIsNull(n, i)) {
        out->AppendNull();
        continue;
      }
      std::string_view text =
          s.is_scalar() ? std::string_view(s.scalar.string_value()) : s.column->GetString(i);
      out->AppendString(Cut(text, starts[i], counts[i]));
    }
    return Finish(out, AllScalar(inputs));
  }

 private:
  std::string_view Cut(std::string_view text, int64_t start, int64_t count) const {
    int64_t first = start - 1;  // 0-based, may be negative
    int64_t end = INT64_MAX;    // exclusive, in characters
    if (count_) {
      if (count < 0) ThrowError("negative substring length not allowed");
      end = __builtin_add_overflow(first, count, &end) ? INT64_MAX : end;
    }
    if (first < 0) first = 0;
    if (end <= first) return {};
    size_t begin_byte = ByteOffsetOfChar(text, first);
    size_t end_byte = end == INT64_MAX ? text.size() : ByteOffsetOfChar(text, end);
    return text.substr(begin_byte, end_byte - begin_byte);
  }

  BoundExprPtr text_, start_, count_;
};

class ConcatExpr : public BoundExpr {
 public:
  explicit ConcatExpr(std::vector<BoundExprPtr> parts)
      : BoundExpr(DataType::String()), parts_(std::move(parts)) {}
  Datum Evaluate(const Batch& batch) const override {
    std::vector<Datum> values;
    std::vector<const Datum*> inputs;
    for (const auto& p : parts_) values.push_back(p->Evaluate(batch));
    for (const auto& v : values) inputs.push_back(&v);
    size_t rows = RowsFor(inputs, batch.num_rows);
    ColumnPtr out = Column::Make(DataType::String());
    std::string row;
    for (size_t i = 0; i < rows; ++i) {
      row.clear();
      bool null = false;
      for (const auto& v : values) {
        if (DatumIsNull(v, i)) {
          null = true;
          break;
        }
        row += v.is_scalar() ? std::string_view(v.scalar.string_value()) : v.column->GetString(i);
      }
      if (null)
        out->AppendNull();
      else
        out->AppendString(row);
    }
    return Finish(out, AllScalar(inputs));
  }

 private:
  std::vector<BoundExprPtr> parts_;
};

}  // namespace

BoundExprPtr MakeConcat(std::vector<BoundExprPtr> parts) {
  return std::make_shared<ConcatExpr>(std::move(parts));
}

BoundExprPtr MakeCaseConversion(bool upper, BoundExprPtr child) {
  return std::make_shared<StringToStringExpr>(std::move(child), upper ? ToUpper : ToLower);
}

BoundExprPtr MakeCharLength(BoundExprPtr child) {
  return std::make_shared<CharLengthExpr>(std::move(child));
}

BoundExprPtr MakeSubstring(BoundExprPtr text, BoundExprPtr start, BoundExprPtr count) {
  return std::make_shared<SubstringExpr>(std::move(text), std::move(start), std::move(count));
}

}  // namespace tally
