#pragma once
// SQL text into statements, parsed by PostgreSQL's own parser (libpg_query): each statement's
// parse tree (libpg_query's JSON form) with its place in the text, which error messages point
// into.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/closest_name.h"
#include "common/error.h"

namespace tally {

using Json = nlohmann::json;

struct SqlStatement {
  Json tree;         // the statement node, e.g. {"SelectStmt": {...}}
  size_t begin = 0;  // its first byte in the text
  size_t end = 0;    // one past its last byte
};

// Where the statements of a script are, found without parsing them: the text is cut at each
// semicolon outside quotes ('...', "...", $tag$...$tag$) and comments (-- and nested /* */).
struct StatementSpan {
  size_t begin = 0;         // its first token (after blanks and comments); == end when empty
  size_t end = 0;           // its ';', or the end of the text
  bool terminated = false;  // it ends with ';'
};
struct ScriptSpans {
  // One span per ';', and one for the text after the last ';' if it holds a token.
  std::vector<StatementSpan> statements;
  bool open = false;  // the text ends inside a quote or a comment
};
ScriptSpans SplitStatements(const std::string& text);

// The statements of `text`, in order; a syntax error throws naming the place (SqlError).
std::vector<SqlStatement> ParseSql(const std::string& text);

// An error in a statement's text: its syntax, names or types (thrown by ThrowSqlError).
class SqlError : public Error {
 public:
  using Error::Error;
};

// An error at byte `location` of `text` (-1: no place) as PostgreSQL shows it: the message, the
// line with a caret under the place, and an optional hint.
[[noreturn]] void ThrowSqlError(const std::string& text, int location, const std::string& message,
                                const std::string& hint = "");

}  // namespace tally
