#include "sql/sql_parse.h"

#include <fmt/format.h>
#include <pg_query.h>

#include <algorithm>

#include "common/error.h"

namespace tally {
namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
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
  throw Error(out);
}

std::string ClosestName(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = name.size() / 3 + 1;
  for (const auto& c : candidates) {
    size_t d = EditDistance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::vector<SqlStatement> ParseSql(const std::string& text) {
  PgQueryParseResult result = pg_query_parse(text.c_str());
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
    s.tree = raw["stmt"];
    s.begin = raw.value("stmt_location", 0);
    s.end = raw.contains("stmt_len") && raw["stmt_len"].get<size_t>() > 0
                ? s.begin + raw["stmt_len"].get<size_t>()
                : text.size();
    statements.push_back(std::move(s));
  }
  return statements;
}

}  // namespace tally
