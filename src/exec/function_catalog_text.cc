// String functions as PostgreSQL defines them, counting characters (UTF-8 code points), not
// bytes. Each is computed row by row (kernels_row_function.h).
#include <fmt/format.h>

#include <map>
#include <regex>

#include "common/error.h"
#include "exec/function_catalog_internal.h"
#include "exec/kernels.h"
#include "exec/kernels_row_function.h"
#include "exec/ordered_entry.h"

namespace tally {
namespace {

// The characters of a UTF-8 string, each as its bytes.
std::vector<std::string_view> Chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string Join(const std::vector<std::string_view>& chars, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < chars.size(); ++i) out.append(chars[i]);
  return out;
}

const std::string& Str(const Scalar& s) {
  return s.string_value();
}

ScalarSignature Row(std::vector<ParamSpec> params, DataType type, RowFunction fn,
                    bool variadic = false, bool strict = true) {
  return {std::move(params), variadic,
          [type, fn, strict](const std::string&, std::vector<BoundExprPtr> args) {
            return MakeRowFunction(type, std::move(args), fn, strict);
          }};
}

// Trims characters of `set` from the start and/or end.
std::string Trim(std::string_view s, std::string_view set, bool leading, bool trailing) {
  auto chars = Chars(s);
  auto set_chars = Chars(set);
  auto in_set = [&](std::string_view c) {
    return std::find(set_chars.begin(), set_chars.end(), c) != set_chars.end();
  };
  size_t begin = 0, end = chars.size();
  if (leading)
    while (begin < end && in_set(chars[begin])) ++begin;
  if (trailing)
    while (end > begin && in_set(chars[end - 1])) --end;
  return Join(chars, begin, end);
}

// A PostgreSQL replacement string (\1..\9 groups, \& the match, \\ a backslash) in the syntax of
// std::regex_replace ($1, $&, $$).
std::string ReplacementFormat(std::string_view replacement) {
  std::string out;
  for (size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    if (c == '\\' && i + 1 < replacement.size()) {
      char next = replacement[++i];
      if (next >= '1' && next <= '9')
        out += fmt::format("${}", next);
      else if (next == '&')
        out += "$&";
      else
        out.push_back(next);
    } else if (c == '$') {
      out += "$$";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The compiled form of a pattern with flags ("i": ignore case; "g" is the caller's), kept per
// thread: a pattern is usually the same for every row, and compiling one costs far more than
// matching it.
const std::regex& CompiledRegex(const std::string& function, const std::string& pattern,
                                const std::string& flags) {
  thread_local std::map<std::pair<std::string, std::string>, std::regex> cache;
  auto key = std::make_pair(pattern, flags);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  // ECMAScript syntax: PostgreSQL's advanced regular expressions share its classes (\w, \d,
  // \s), quantifiers and groups for the common patterns.
  auto syntax = std::regex::ECMAScript;
  for (char f : flags) {
    if (f == 'i')
      syntax |= std::regex::icase;
    else if (f != 'g')
      ThrowError("{}: unsupported flag \"{}\"", function, f);
  }
  std::regex compiled;
  try {
    compiled = std::regex(pattern, syntax);
  } catch (const std::regex_error& e) {
    ThrowError("invalid regular expression \"{}\": {}", pattern, e.what());
  }
  if (cache.size() >= 64) cache.clear();
  return cache.emplace(key, std::move(compiled)).first->second;
}

// regexp_like(text, pattern [, flags]): whether the pattern matches anywhere in the text.
Scalar RegexpLike(const std::vector<Scalar>& a) {
  const std::regex& pattern =
      CompiledRegex("regexp_like", Str(a[1]), a.size() > 2 ? Str(a[2]) : "");
  return Scalar::Bool(std::regex_search(Str(a[0]), pattern));
}

Scalar RegexpReplace(const std::vector<Scalar>& a) {
  std::string flags = a.size() > 3 ? Str(a[3]) : "";
  const std::regex& pattern = CompiledRegex("regexp_replace", Str(a[1]), flags);
  auto mode = flags.find('g') != std::string::npos ? std::regex_constants::format_default
                                                   : std::regex_constants::format_first_only;
  return Scalar::String(std::regex_replace(Str(a[0]), pattern, ReplacementFormat(Str(a[2])), mode));
}

Scalar Pad(const std::vector<Scalar>& a, bool left) {
  int64_t length = a[1].int_value();
  auto chars = Chars(Str(a[0]));
  std::string fill = a.size() > 2 ? Str(a[2]) : " ";
  if (length <= 0) return Scalar::String("");
  auto n = static_cast<size_t>(length);
  if (chars.size() >= n) return Scalar::String(Join(chars, 0, n));
  auto fill_chars = Chars(fill);
  if (fill_chars.empty()) return Scalar::String(Str(a[0]));
  std::string padding;
  for (size_t i = 0; i < n - chars.size(); ++i) padding.append(fill_chars[i % fill_chars.size()]);
  return Scalar::String(left ? padding + Str(a[0]) : Str(a[0]) + padding);
}

}  // namespace

void AddTextFunctions(FunctionRegistry& r) {
  const DataType text = DataType::String(), int32 = DataType::Int32();
  const ParamSpec any_text = AnyString(), int64 = Exact(DataType::Int64());
  // position(sub IN s) arrives as position(s, sub), like strpos(s, sub).
  for (const char* name : {"position", "strpos"})
    r.AddScalar(
        name, Row({any_text, any_text}, int32, [](const auto& a) {
          size_t at = Str(a[0]).find(Str(a[1]));
          if (at == std::string::npos) return Scalar::Int32(0);
          return Scalar::Int32(static_cast<int32_t>(Chars(Str(a[0]).substr(0, at)).size() + 1));
        }));
  struct TrimKind {
    const char* name;
    bool leading, trailing;
  };
  for (TrimKind t : {TrimKind{"btrim", true, true}, TrimKind{"ltrim", true, false},
                     TrimKind{"rtrim", false, true}}) {
    r.AddScalar(t.name, Row({any_text}, text, [t](const auto& a) {
                  return Scalar::String(Trim(Str(a[0]), " ", t.leading, t.trailing));
                }));
    r.AddScalar(t.name, Row({any_text, any_text}, text, [t](const auto& a) {
                  return Scalar::String(Trim(Str(a[0]), Str(a[1]), t.leading, t.trailing));
                }));
  }
  r.AddScalar("replace", Row({any_text, any_text, any_text}, text, [](const auto& a) {
                const std::string &s = Str(a[0]), &from = Str(a[1]), &to = Str(a[2]);
                if (from.empty()) return Scalar::String(s);
                std::string out;
                size_t at = 0;
                for (size_t next; (next = s.find(from, at)) != std::string::npos;
                     at = next + from.size())
                  out.append(s, at, next - at).append(to);
                out.append(s, at);
                return Scalar::String(out);
              }));
  r.AddScalar("split_part", Row({any_text, any_text, int64}, text, [](const auto& a) {
                const std::string &s = Str(a[0]), &delimiter = Str(a[1]);
                int64_t n = a[2].int_value();
                if (n == 0) ThrowError("field position must not be zero");
                std::vector<std::string> parts;
                if (delimiter.empty()) {
                  parts.push_back(s);
                } else {
                  size_t at = 0;
                  for (size_t next; (next = s.find(delimiter, at)) != std::string::npos;
                       at = next + delimiter.size())
                    parts.push_back(s.substr(at, next - at));
                  parts.push_back(s.substr(at));
                }
                if (s.empty()) parts.clear();
                auto count = static_cast<int64_t>(parts.size());
                int64_t index = n > 0 ? n - 1 : count + n;
                if (index < 0 || index >= count) return Scalar::String("");
                return Scalar::String(parts[static_cast<size_t>(index)]);
              }));
  for (const char* name : {"left", "right"}) {
    bool left = std::string(name) == "left";
    r.AddScalar(name, Row({any_text, int64}, text, [left](const auto& a) {
                  auto chars = Chars(Str(a[0]));
                  auto size = static_cast<int64_t>(chars.size());
                  int64_t n = a[1].int_value();
                  int64_t keep = n >= 0 ? std::min(n, size) : std::max<int64_t>(0, size + n);
                  auto k = static_cast<size_t>(keep);
                  return Scalar::String(left ? Join(chars, 0, k)
                                             : Join(chars, chars.size() - k, chars.size()));
                }));
  }
  // concat and concat_ws take any values as text and skip NULLs.
  r.AddScalar("concat", {{AnyType()}, true, [](const std::string&, std::vector<BoundExprPtr> args) {
                           for (auto& a : args) a = MakeCastExpr(a, DataType::String());
                           return MakeRowFunction(
                               DataType::String(), std::move(args),
                               [](const auto& a) {
                                 std::string out;
                                 for (const auto& v : a)
                                   if (!v.is_null()) out += Str(v);
                                 return Scalar::String(out);
                               },
                               /*strict=*/false);
                         }});
  // #string_agg_entry(value, separator, flags, key...): one row's entry for string_agg
  // (exec/ordered_entry.h); flags has two letters per key: 'a' or 'd', then 'f' (NULLs first)
  // or 'l'. NULL when the value is NULL, which string_agg skips.
  auto entry = [](const std::string&, std::vector<BoundExprPtr> args) {
    for (size_t i = 0; i < 2; ++i) args[i] = MakeCastExpr(args[i], DataType::String());
    return MakeRowFunction(
        DataType::String(), std::move(args),
        [](const auto& a) {
          if (a[0].is_null()) return Scalar::Null(DataType::String());
          const std::string& flags = Str(a[2]);
          if (flags.size() != 2 * (a.size() - 3)) ThrowError("#string_agg_entry: bad flags");
          std::string out;
          for (size_t k = 3; k < a.size(); ++k)
            AppendOrderKey(a[k], flags[2 * (k - 3)] == 'd', flags[2 * (k - 3) + 1] == 'f', &out);
          FinishEntry(a[1].is_null() ? std::string_view() : std::string_view(Str(a[1])), Str(a[0]),
                      &out);
          return Scalar::String(std::move(out));
        },
        /*strict=*/false);
  };
  r.AddScalar("#string_agg_entry", {{AnyType(), AnyType(), AnyString()}, false, entry});
  r.AddScalar("#string_agg_entry", {{AnyType(), AnyType(), AnyString(), AnyType()}, true, entry});
  r.AddScalar(
      "concat_ws",
      {{AnyString(), AnyType()}, true, [](const std::string&, std::vector<BoundExprPtr> args) {
         for (auto& a : args) a = MakeCastExpr(a, DataType::String());
         return MakeRowFunction(
             DataType::String(), std::move(args),
             [](const auto& a) {
               if (a[0].is_null()) return Scalar::Null(DataType::String());
               std::string out;
               bool first = true;
               for (size_t i = 1; i < a.size(); ++i) {
                 if (a[i].is_null()) continue;
                 if (!first) out += Str(a[0]);
                 out += Str(a[i]);
                 first = false;
               }
               return Scalar::String(out);
             },
             /*strict=*/false);
       }});
  r.AddScalar("repeat", Row({any_text, int64}, text, [](const auto& a) {
                std::string out;
                int64_t n = a[1].int_value();
                if (n > 0 && Str(a[0]).size() * static_cast<size_t>(n) > (size_t{1} << 28))
                  ThrowError("repeat: the result would be too long");
                for (int64_t i = 0; i < n; ++i) out += Str(a[0]);
                return Scalar::String(out);
              }));
  r.AddScalar("reverse", Row({any_text}, text, [](const auto& a) {
                auto chars = Chars(Str(a[0]));
                std::string out;
                for (size_t i = chars.size(); i-- > 0;) out.append(chars[i]);
                return Scalar::String(out);
              }));
  for (const char* name : {"lpad", "rpad"}) {
    bool left = std::string(name) == "lpad";
    r.AddScalar(name, Row({any_text, int64}, text, [left](const auto& a) { return Pad(a, left); }));
    r.AddScalar(name, Row({any_text, int64, any_text}, text,
                          [left](const auto& a) { return Pad(a, left); }));
  }
  r.AddScalar("initcap", Row({any_text}, text, [](const auto& a) {
                std::string out = Str(a[0]);
                bool start = true;
                for (char& c : out) {
                  bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
                  if (alnum)
                    c = static_cast<char>(start ? std::toupper(static_cast<unsigned char>(c))
                                                : std::tolower(static_cast<unsigned char>(c)));
                  start = !alnum && static_cast<unsigned char>(c) < 0x80;
                }
                return Scalar::String(out);
              }));
  r.AddScalar("regexp_like", Row({any_text, any_text}, DataType::Bool(), RegexpLike));
  r.AddScalar("regexp_like", Row({any_text, any_text, any_text}, DataType::Bool(), RegexpLike));
  r.AddScalar("regexp_replace", Row({any_text, any_text, any_text}, text, RegexpReplace));
  r.AddScalar("regexp_replace", Row({any_text, any_text, any_text, any_text}, text, RegexpReplace));
}

}  // namespace tally
