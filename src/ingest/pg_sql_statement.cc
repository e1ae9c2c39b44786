#include "ingest/pg_sql_statement.h"

#include <pg_query.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "ingest/pg_types.h"
#include "io/utf8.h"

namespace tally {
namespace {

using Json = nlohmann::json;

// The first keyword of a statement, upper-cased; comments before it are skipped.
std::string FirstWord(const std::string& sql) {
  size_t i = 0;
  for (;;) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    if (sql.compare(i, 2, "--") == 0) {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
    word.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++]))));
  return word;
}

uint64_t LineAt(const std::string& sql, uint64_t first_line, size_t offset) {
  offset = std::min(offset, sql.size());
  return first_line + static_cast<uint64_t>(std::count(sql.begin(), sql.begin() + offset, '\n'));
}

QualifiedName RangeVarName(const Json& range_var) {
  QualifiedName name;
  name.schema = range_var.value("schemaname", "");
  name.name = range_var.value("relname", "");
  return name;
}

// The digits of a numeric literal as written, from its position in the statement (the parser's
// JSON output drops the value of negative integer constants, and floats keep their text anyway).
std::string NumberAt(const std::string& sql, size_t at) {
  std::string out;
  size_t i = at;
  if (i < sql.size() && (sql[i] == '-' || sql[i] == '+')) {
    if (sql[i] == '-') out.push_back('-');
    ++i;
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  }
  while (i < sql.size()) {
    char c = sql[i];
    bool exponent_sign =
        (c == '-' || c == '+') && !out.empty() && (out.back() == 'e' || out.back() == 'E');
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
          exponent_sign))
      break;
    out.push_back(c);
    ++i;
  }
  return out;
}

class StatementParser {
 public:
  StatementParser(const std::string& sql, const std::string& file, uint64_t line)
      : sql_(sql), file_(file), line_(line) {}

  [[noreturn]] void Fail(size_t offset, const std::string& message) const {
    throw Error(SourceLocation{file_, LineAt(sql_, line_, offset), 0}, message);
  }

  std::optional<std::string> Value(const Json& node) const {
    if (node.contains("TypeCast")) return Value(node.at("TypeCast").at("arg"));
    if (!node.contains("A_Const")) {
      std::string kind = node.is_object() && !node.empty() ? node.begin().key() : "expression";
      size_t at = 0;
      if (node.is_object() && !node.empty()) at = node.begin()->value("location", 0);
      Fail(at, "INSERT values must be constants (found " + kind + ")");
    }
    const Json& value = node.at("A_Const");
    size_t location = value.value("location", 0);
    if (value.value("isnull", false)) return std::nullopt;
    if (value.contains("sval")) return value.at("sval").value("sval", "");
    if (value.contains("boolval")) return value.at("boolval").value("boolval", false) ? "t" : "f";
    if (value.contains("ival") || value.contains("fval")) return NumberAt(sql_, location);
    if (value.contains("bsval")) return value.at("bsval").value("bsval", "");
    Fail(location, "unsupported constant in INSERT");
  }

  PgStatement Parse() {
    PgStatement out;
    std::string word = FirstWord(sql_);
    if (word != "CREATE" && word != "COPY" && word != "INSERT") return out;
    PgQueryParseResult result = pg_query_parse(sql_.c_str());
    if (result.error) {
      std::string message = result.error->message;
      size_t at = result.error->cursorpos > 0 ? result.error->cursorpos - 1 : 0;
      pg_query_free_parse_result(result);
      Fail(at, "SQL syntax error: " + message);
    }
    Json tree;
    try {
      tree = Json::parse(result.parse_tree);
    } catch (const Json::exception& e) {
      pg_query_free_parse_result(result);
      Fail(0, std::string("cannot read the parsed statement: ") + e.what());
    }
    pg_query_free_parse_result(result);
    try {
      Interpret(tree, &out);
    } catch (const Json::exception& e) {
      // A parse tree of a shape this reader does not expect (the parser accepted the text).
      Fail(0, std::string("unsupported form of statement: ") + e.what());
    }
    return out;
  }

 private:
  void Interpret(const Json& tree, PgStatement* result) {
    PgStatement& out = *result;
    if (!tree.contains("stmts") || tree.at("stmts").empty()) return;
    const Json& stmt = tree.at("stmts").at(0).at("stmt");
    if (stmt.contains("CreateStmt")) {
      CreateTable(stmt.at("CreateStmt"), &out);
    } else if (stmt.contains("CopyStmt")) {
      const Json& copy = stmt.at("CopyStmt");
      // Only data blocks in the script itself: COPY ... FROM stdin in text format.
      if (!copy.value("is_from", false) || copy.contains("filename") || !copy.contains("relation"))
        return;
      if (copy.contains("options"))
        Fail(0, "COPY with options is not supported (pg_dump writes plain text COPY)");
      out.kind = PgStatement::Kind::kCopyFromStdin;
      out.table = RangeVarName(copy.at("relation"));
      for (const Json& column : copy.value("attlist", Json::array()))
        out.columns.push_back(column.at("String").value("sval", ""));
    } else if (stmt.contains("InsertStmt")) {
      Insert(stmt.at("InsertStmt"), &out);
    }
  }

  void CreateTable(const Json& create, PgStatement* out) {
    out->kind = PgStatement::Kind::kCreateTable;
    out->table = RangeVarName(create.at("relation"));
    for (const Json& element : create.value("tableElts", Json::array())) {
      if (!element.contains("ColumnDef")) continue;
      const Json& column = element.at("ColumnDef");
      Field field;
      field.name = column.value("colname", "");
      const Json& type = column.at("typeName");
      const Json& names = type.at("names");
      if (names.empty()) Fail(type.value("location", 0), "column " + field.name + ": no type name");
      std::string type_name = names.at(names.size() - 1).at("String").value("sval", "");
      if (type.contains("arrayBounds"))
        Fail(type.value("location", 0),
             fmt::format("column {}: array types are not supported", field.name));
      std::vector<int> typmods;
      for (const Json& mod : type.value("typmods", Json::array())) {
        if (!mod.contains("A_Const") || !mod.at("A_Const").contains("ival"))
          Fail(type.value("location", 0), "column " + field.name + ": unexpected type modifier");
        // The parser's own value ({"ival": N}; 0 is left out), not the text at its location.
        typmods.push_back(mod.at("A_Const").at("ival").value("ival", 0));
      }
      try {
        field.type = PgTypeNameToDataType(type_name, typmods, field.name);
      } catch (const Error& e) {
        // Reported only if this table is ingested: other tables of the dump may use any type.
        if (out->schema_error.empty()) out->schema_error = e.what();
        field.type = DataType::String();
      }
      for (const Json& constraint : column.value("constraints", Json::array()))
        if (constraint.at("Constraint").value("contype", "") == "CONSTR_NOTNULL")
          field.nullable = false;
      out->fields.push_back(std::move(field));
    }
  }

  void Insert(const Json& insert, PgStatement* out) {
    out->kind = PgStatement::Kind::kInsert;
    out->table = RangeVarName(insert.at("relation"));
    for (const Json& column : insert.value("cols", Json::array()))
      out->columns.push_back(column.at("ResTarget").value("name", ""));
    const Json& select = insert.at("selectStmt").at("SelectStmt");
    if (!select.contains("valuesLists"))
      Fail(0, "only INSERT ... VALUES is supported (as pg_dump --inserts writes)");
    for (const Json& list : select.at("valuesLists")) {
      std::vector<std::optional<std::string>> row;
      for (const Json& item : list.at("List").at("items")) row.push_back(Value(item));
      out->rows.push_back(std::move(row));
    }
  }

  const std::string& sql_;
  const std::string& file_;
  uint64_t line_;
};

bool IsPlainIdentifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  return true;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  if (IsPlainIdentifier(name)) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string QualifiedName::ToString() const {
  return schema.empty() ? QuoteIdentifier(name)
                        : QuoteIdentifier(schema) + "." + QuoteIdentifier(name);
}

QualifiedName ParseQualifiedName(std::string_view text) {
  std::vector<std::string> parts(1);
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) ThrowError("unterminated quoted identifier in {}", text);
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            parts.back().push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        parts.back().push_back(text[i++]);
      }
    } else if (c == '.') {
      parts.emplace_back();
      ++i;
    } else {
      parts.back().push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      ++i;
    }
  }
  if (parts.size() > 2 || parts.back().empty() || parts.front().empty())
    ThrowError("bad table name {}: expected NAME or SCHEMA.NAME", text);
  QualifiedName name;
  if (parts.size() == 2) name.schema = parts[0];
  name.name = parts.back();
  return name;
}

PgStatement ParsePgStatement(const std::string& sql, const std::string& file, uint64_t line) {
  // PostgreSQL's parser hands its tree over as JSON, which must be UTF-8: check first and name
  // the place.
  size_t bad = FirstInvalidUtf8(sql);
  if (bad != sql.size()) {
    size_t line_start = sql.rfind('\n', bad);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    uint64_t bad_line =
        line + static_cast<uint64_t>(std::count(sql.begin(), sql.begin() + bad, '\n'));
    throw Error(SourceLocation{file, bad_line, bad - line_start + 1},
                fmt::format("invalid UTF-8 in a statement ({})", DescribeInvalidUtf8(sql)));
  }
  return StatementParser(sql, file, line).Parse();
}

}  // namespace tally
