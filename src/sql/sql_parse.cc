#include "sql/sql_parse.h"

#include <fmt/format.h>
#include <pg_query.h>

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "io/utf8.h"

namespace tally {
namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

void ThrowSqlError(const std::string& text, int location, const std::string& message,
                   const std::string& hint) {
  std::string out = message;
  if (location >= 0 && static_cast<size_t>(location) <= text.size()) {
    size_t at = static_cast<size_t>(location);
    size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
    line_start = line_start == std::string::npos || at == 0 ? 0 : line_start + 1;
    if (at > 0 && text[at - 1] == '\n') line_start = at;
    size_t line_end = text.find('\n', at);
    if (line_end == std::string::npos) line_end = text.size();
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + at, '\n'));
    std::string prefix = fmt::format("LINE {}: ", line);
    std::string_view before(text.data() + line_start, at - line_start);
    out += "\n" + prefix + text.substr(line_start, line_end - line_start);
    out += "\n" + std::string(prefix.size() + CodePoints(before), ' ') + "^";
  }
  if (!hint.empty()) out += "\nHINT: " + hint;
  throw SqlError(out);
}

namespace {

// A statement whose first token (at `at`) is DESCRIBE or DESC (not PostgreSQL syntax, so its
// parser refuses it): the byte where the table's name starts, or npos.
size_t DescribedNameAt(const std::string& text, size_t at, size_t end) {
  for (std::string_view word : {"describe", "desc"}) {
    if (end - at <= word.size()) continue;
    bool same = true;
    for (size_t i = 0; i < word.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(text[at + i])) == word[i];
    if (same && std::isspace(static_cast<unsigned char>(text[at + word.size()])))
      return at + word.size();
  }
  return std::string::npos;
}

// DESCRIBE name: the name parsed as PostgreSQL reads a table name (quotes, case folding).
SqlStatement DescribeStatement(const std::string& text, size_t begin, size_t end, size_t name_at) {
  std::string name_text = text.substr(name_at, end - name_at);
  while (!name_text.empty() &&
         (name_text.back() == ';' || std::isspace(static_cast<unsigned char>(name_text.back()))))
    name_text.pop_back();
  std::string probe = "TABLE " + name_text;
  PgQueryParseResult result = pg_query_parse(probe.c_str());
  bool ok = !result.error;
  Json tree = ok ? Json::parse(result.parse_tree) : Json();
  pg_query_free_parse_result(result);
  const Json* relation = nullptr;
  if (ok && tree["stmts"].size() == 1) {
    const Json& select = tree["stmts"][0]["stmt"]["SelectStmt"];
    if (select.contains("fromClause") && select["fromClause"].size() == 1 &&
        select["fromClause"][0].contains("RangeVar"))
      relation = &select["fromClause"][0]["RangeVar"];
  }
  size_t name_start = name_at;
  while (name_start < end && std::isspace(static_cast<unsigned char>(text[name_start])))
    ++name_start;
  if (!relation)
    ThrowSqlError(text, static_cast<int>(name_start), "DESCRIBE needs a table or view name");
  SqlStatement s;
  s.tree = {
      {"DescribeStmt",
       {{"relname", relation->value("relname", "")}, {"location", static_cast<int>(name_start)}}}};
  s.begin = begin;
  s.end = end;
  return s;
}

// The statements of `parsed` (the text with DESCRIBE statements blanked); errors point into
// `text`.
std::vector<SqlStatement> ParseWhole(const std::string& text, const std::string& parsed) {
  PgQueryParseResult result = pg_query_parse(parsed.c_str());
  if (result.error) {
    std::string message = result.error->message;
    int at = result.error->cursorpos - 1;  // 1-based; 0 when unknown
    pg_query_free_parse_result(result);
    ThrowSqlError(text, at, message);
  }
  Json tree = Json::parse(result.parse_tree);
  pg_query_free_parse_result(result);
  std::vector<SqlStatement> statements;
  for (auto& raw : tree["stmts"]) {
    SqlStatement s;
    s.tree = std::move(raw["stmt"]);  // not copied: a copy recurses as deep as the tree
    s.begin = raw.value("stmt_location", 0);
    s.end = raw.contains("stmt_len") && raw["stmt_len"].get<size_t>() > 0
                ? s.begin + raw["stmt_len"].get<size_t>()
                : text.size();
    // A blanked DESCRIBE before a statement belongs to that statement's text: skip it.
    while (s.begin < s.end &&
           (std::isspace(static_cast<unsigned char>(parsed[s.begin])) || parsed[s.begin] == ';'))
      ++s.begin;
    statements.push_back(std::move(s));
  }
  return statements;
}

}  // namespace

ScriptSpans SplitStatements(const std::string& text) {
  ScriptSpans out;
  size_t n = text.size(), i = 0;
  size_t first = std::string::npos;  // the current statement's first token
  // Moves i past a quoted string or comment starting at i; false when i starts none.
  auto skip_quoted = [&]() {
    char c = text[i], next = i + 1 < n ? text[i + 1] : '\0';
    if (c == '\'' || c == '"') {
      size_t close = text.find(c, i + 1);  // a doubled quote closes and opens: the same split
      out.open = close == std::string::npos;
      i = out.open ? n : close + 1;
    } else if (c == '-' && next == '-') {
      size_t line_end = text.find('\n', i);
      i = line_end == std::string::npos ? n : line_end + 1;
    } else if (c == '/' && next == '*') {
      int depth = 0;
      while (i < n) {
        if (text.compare(i, 2, "/*") == 0) {
          ++depth, i += 2;
        } else if (text.compare(i, 2, "*/") == 0) {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
      out.open = depth > 0;
    } else if (c == '$') {
      size_t tag_end = text.find('$', i + 1);
      if (tag_end == std::string::npos) return false;
      for (size_t k = i + 1; k < tag_end; ++k)
        if (!std::isalnum(static_cast<unsigned char>(text[k])) && text[k] != '_') return false;
      std::string delimiter = text.substr(i, tag_end - i + 1);
      size_t close = text.find(delimiter, tag_end + 1);
      out.open = close == std::string::npos;
      i = out.open ? n : close + delimiter.size();
    } else {
      return false;
    }
    return true;
  };
  while (i < n) {
    char c = text[i];
    bool comment = (c == '-' || c == '/') && i + 1 < n && text[i + 1] == (c == '-' ? '-' : '*');
    if (c == ';') {
      out.statements.push_back({first == std::string::npos ? i : first, i, true});
      first = std::string::npos;
      ++i;
      continue;
    }
    if (!comment && !std::isspace(static_cast<unsigned char>(c)) && first == std::string::npos)
      first = i;
    if (!skip_quoted()) ++i;
  }
  if (first != std::string::npos) out.statements.push_back({first, n, false});
  return out;
}

std::vector<SqlStatement> ParseSql(const std::string& text) {
  // PostgreSQL's parser passes the bytes of names and strings through to its parse tree and
  // stops at a NUL byte: text that is not UTF-8, or holds NUL, is refused here, with its place.
  size_t invalid = std::min(FirstInvalidUtf8(text), text.find('\0'));
  if (invalid < text.size())
    ThrowSqlError(text, static_cast<int>(invalid),
                  fmt::format("invalid byte sequence for encoding \"UTF8\": 0x{:02x}",
                              static_cast<unsigned char>(text[invalid])));
  // DESCRIBE statements are taken out (blanked, so places in the text stay where they are)
  // before PostgreSQL's parser reads the rest.
  std::vector<SqlStatement> described;
  std::string rest = text;
  for (const StatementSpan& span : SplitStatements(text).statements) {
    size_t name_at = DescribedNameAt(text, span.begin, span.end);
    if (name_at == std::string::npos) continue;
    described.push_back(DescribeStatement(text, span.begin, span.end, name_at));
    for (size_t k = span.begin; k < span.end; ++k)
      if (rest[k] != '\n') rest[k] = ' ';
  }
  std::vector<SqlStatement> statements = ParseWhole(text, rest);
  statements.insert(statements.end(), described.begin(), described.end());
  std::stable_sort(statements.begin(), statements.end(),
                   [](const SqlStatement& a, const SqlStatement& b) { return a.begin < b.begin; });
  return statements;
}

}  // namespace tally
