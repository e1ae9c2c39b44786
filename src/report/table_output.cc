#include "report/table_output.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "common/text_escape.h"
#include "io/csv/csv_quote.h"
#include "report/text_table.h"

namespace tally {
namespace {

bool IsNumber(const DataType& t) {
  return t.IsNumeric();
}

// A JSON string literal, escaped by the JSON library the reports use.
std::string JsonString(const std::string& s) {
  return nlohmann::json(s).dump();
}

}  // namespace

std::string RenderTextTable(const Table& table) {
  const Schema& schema = *table.schema();
  std::vector<std::string> headers;
  for (const auto& f : schema.fields()) headers.push_back(EscapeControlCharacters(f.name, false));
  TextTable text(headers);
  for (size_t c = 0; c < schema.size(); ++c)
    if (IsNumber(schema.field(c).type)) text.SetAlign(c, TextTable::Align::kRight);
  for (const Batch& b : table.batches())
    for (size_t r = 0; r < b.num_rows; ++r) {
      std::vector<std::string> cells;
      for (const auto& column : b.columns)
        cells.push_back(EscapeControlCharacters(column->ValueToString(r), false));
      text.AddRow(std::move(cells));
    }
  size_t rows = table.num_rows();
  return text.Render() + fmt::format("({} row{})\n", rows, rows == 1 ? "" : "s");
}

std::string RenderCsv(const Table& table) {
  const Schema& schema = *table.schema();
  std::string out;
  for (size_t c = 0; c < schema.size(); ++c)
    out += (c ? "," : "") + CsvQuoted(schema.field(c).name);
  out += "\n";
  for (const Batch& b : table.batches())
    for (size_t r = 0; r < b.num_rows; ++r) {
      for (size_t c = 0; c < b.columns.size(); ++c) {
        if (c) out += ",";
        const Column& column = *b.columns[c];
        if (!column.IsNull(r)) out += CsvQuoted(column.ValueToString(r));
      }
      out += "\n";
    }
  return out;
}

std::string RenderJson(const Table& table) {
  const Schema& schema = *table.schema();
  std::string out = "[";
  bool first_row = true;
  for (const Batch& b : table.batches())
    for (size_t r = 0; r < b.num_rows; ++r) {
      out += first_row ? "\n  {" : ",\n  {";
      first_row = false;
      for (size_t c = 0; c < b.columns.size(); ++c) {
        const Column& column = *b.columns[c];
        out += (c ? ", " : "") + JsonString(schema.field(c).name) + ": ";
        const DataType& type = schema.field(c).type;
        std::string value = column.ValueToString(r);
        if (column.IsNull(r)) {
          out += "null";
        } else if (type.id == TypeId::kBool) {
          out += value;
        } else if (IsNumber(type)) {
          bool finite = value.find_first_of("ni") == std::string::npos;  // inf, nan
          out += finite ? value : "null";
        } else {
          out += JsonString(value);
        }
      }
      out += "}";
    }
  return out + (first_row ? "]\n" : "\n]\n");
}

}  // namespace tally
