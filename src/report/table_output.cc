#include "report/table_output.h"

#include <fmt/format.h>

#include <algorithm>

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

namespace {

// `text` cut to at most `width` code points, the last one "…" when anything was cut.
std::string CutToWidth(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width) return text;
  std::string out;
  size_t shown = 0;
  for (size_t i = 0; i < text.size() && shown + 1 < width; ++shown) {
    size_t n = 1;
    auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0xF0)
      n = 4;
    else if (b >= 0xE0)
      n = 3;
    else if (b >= 0xC0)
      n = 2;
    out.append(text, i, n);
    i += n;
  }
  return out + "…";
}

}  // namespace

std::string RenderFittedTable(const Table& table, size_t width, size_t max_rows) {
  const Schema& schema = *table.schema();
  size_t rows = table.num_rows(), columns = schema.size();
  // The rows to show: all, or the first and last halves of max_rows.
  std::vector<std::pair<size_t, size_t>> shown;  // (batch, row)
  size_t head = rows > max_rows ? max_rows / 2 : rows;
  size_t tail_from = rows > max_rows ? rows - max_rows / 2 : rows;
  size_t index = 0;
  for (size_t b = 0; b < table.batches().size(); ++b)
    for (size_t r = 0; r < table.batches()[b].num_rows; ++r, ++index)
      if (index < head || index >= tail_from) shown.push_back({b, r});
  // Every cell as text, cut to a sensible width for a console.
  constexpr size_t kMaxCell = 40;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> cells(shown.size());
  std::vector<size_t> widths(columns, 0);
  for (size_t c = 0; c < columns; ++c) {
    headers.push_back(CutToWidth(EscapeControlCharacters(schema.field(c).name, false), kMaxCell));
    widths[c] = DisplayWidth(headers[c]);
  }
  for (size_t i = 0; i < shown.size(); ++i) {
    const Batch& batch = table.batches()[shown[i].first];
    for (size_t c = 0; c < columns; ++c) {
      std::string v =
          EscapeControlCharacters(batch.columns[c]->ValueToString(shown[i].second), false);
      cells[i].push_back(CutToWidth(v, kMaxCell));
      widths[c] = std::max(widths[c], DisplayWidth(cells[i].back()));
    }
  }
  // Columns kept from both ends, alternately, while they fit (two spaces between columns,
  // and room for a "…" column while some are left out).
  size_t used = 0, left = 0, right = columns;
  bool from_left = true;
  while (left < right) {
    size_t c = from_left ? left : right - 1;
    size_t need = widths[c] + (used == 0 ? 0 : 2);
    bool last_one = left + 1 == right;
    if (used > 0 && used + need + (last_one ? 0 : 3) > width) break;
    used += need;
    if (from_left)
      ++left;
    else
      --right;
    from_left = !from_left;
  }
  bool cut_columns = left < right;
  std::vector<size_t> order;  // output position -> column, SIZE_MAX for the "…" column
  for (size_t c = 0; c < left; ++c) order.push_back(c);
  if (cut_columns) order.push_back(SIZE_MAX);
  for (size_t c = right; c < columns; ++c) order.push_back(c);
  std::vector<std::string> kept_headers;
  for (size_t c : order) kept_headers.push_back(c == SIZE_MAX ? "…" : headers[c]);
  TextTable text(kept_headers);
  for (size_t i = 0; i < order.size(); ++i)
    if (order[i] != SIZE_MAX && IsNumber(schema.field(order[i]).type))
      text.SetAlign(i, TextTable::Align::kRight);
  auto add = [&](const std::vector<std::string>& row) {
    std::vector<std::string> out;
    for (size_t c : order) out.push_back(c == SIZE_MAX ? "…" : row[c]);
    text.AddRow(std::move(out));
  };
  for (size_t i = 0; i < shown.size(); ++i) {
    if (rows > max_rows && i == head) add(std::vector<std::string>(columns, "…"));
    add(cells[i]);
  }
  std::string footer = fmt::format("({} row{}", rows, rows == 1 ? "" : "s");
  if (rows > max_rows) footer += fmt::format(", {} shown", shown.size());
  if (cut_columns)
    footer += fmt::format(", {} of {} columns shown", left + (columns - right), columns);
  return text.Render() + footer + ")\n";
}

std::string RenderLines(const Table& table) {
  const Schema& schema = *table.schema();
  size_t name_width = 0;
  for (const auto& f : schema.fields()) name_width = std::max(name_width, DisplayWidth(f.name));
  std::string out;
  bool first = true;
  for (const Batch& b : table.batches())
    for (size_t r = 0; r < b.num_rows; ++r) {
      if (!first) out += "\n";
      first = false;
      for (size_t c = 0; c < b.columns.size(); ++c) {
        const std::string& name = schema.field(c).name;
        out += std::string(name_width - DisplayWidth(name), ' ') + name + " = " +
               EscapeControlCharacters(b.columns[c]->ValueToString(r), false) + "\n";
      }
    }
  return out;
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
