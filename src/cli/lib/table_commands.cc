// `tally tables`, `tally describe NAME`, `tally head NAME`, `tally drop NAME`: what the
// warehouse holds.
#include <fmt/format.h>

#include <cstdio>

#include "catalog/warehouse.h"
#include "cli/lib/commands.h"
#include "common/error.h"
#include "common/text_escape.h"
#include "io/parquet/parquet_reader.h"
#include "report/table_output.h"
#include "report/text_table.h"

namespace tally {
namespace {

std::string Count(int64_t n) {
  return WithThousands(std::to_string(n));
}

void RunTables(const GlobalOptions& global) {
  Warehouse warehouse(global.WarehouseDir());
  auto names = warehouse.ListTables();
  if (names.empty()) {
    fmt::print("no tables in warehouse {}\n", warehouse.root());
    return;
  }
  TextTable table({"table", "rows", "columns", "files", "size", "ingested"});
  for (size_t c : {1, 2, 3, 4}) table.SetAlign(c, TextTable::Align::kRight);
  // One damaged entry must not hide the others: it is listed as unreadable, its error goes to
  // stderr, and the command fails after the listing.
  std::vector<std::string> problems;
  for (const auto& name : names) {
    try {
      TableEntry entry = warehouse.GetTable(name);
      table.AddRow({name, Count(entry.rows), std::to_string(entry.schema->size()),
                    std::to_string(entry.files.size()), FormatBytes(entry.bytes()),
                    entry.ingested_at});
    } catch (const Error& e) {
      table.AddRow({name, "?", "?", "?", "?", "unreadable"});
      problems.push_back(e.what());
    }
  }
  fmt::print("{}", table.Render());
  if (problems.empty()) return;
  std::fflush(stdout);
  for (size_t i = 0; i + 1 < problems.size(); ++i)
    fmt::print(stderr, "tally: error: {}\n", EscapeControlCharacters(problems[i], true));
  throw Error(problems.back());
}

// Statistics cells are cut so one long description does not widen the whole table.
std::string Clip(const std::string& text) {
  constexpr size_t kMax = 32;
  if (DisplayWidth(text) <= kMax) return text;
  std::string out;
  size_t width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80 && ++width > kMax - 1) break;
    out += static_cast<char>(c);
  }
  return out + "…";
}

void RunDescribe(const std::string& name, const GlobalOptions& global) {
  Warehouse warehouse(global.WarehouseDir());
  TableEntry entry = warehouse.GetTable(name);
  TextTable about({"table", entry.name});
  about.AddRow({"rows", Count(entry.rows)});
  about.AddRow({"files", fmt::format("{} ({})", entry.files.size(), FormatBytes(entry.bytes()))});
  about.AddRow({"version", std::to_string(entry.version)});
  for (const auto& source : entry.sources) about.AddRow({"source", source});
  about.AddRow({"created", entry.created_at});
  about.AddRow({"ingested", entry.ingested_at});
  fmt::print("{}\n", about.Render());

  TextTable columns({"column", "type", "nulls", "min", "max"});
  columns.SetAlign(2, TextTable::Align::kRight);
  for (size_t i = 0; i < entry.schema->size(); ++i) {
    const auto& field = entry.schema->field(i);
    const ColumnStatistics& stats = entry.columns.at(i);
    columns.AddRow({field.name, field.type.ToString(), Count(stats.null_count),
                    stats.min.is_null() ? "" : Clip(stats.min.ToString()),
                    stats.max.is_null() ? "" : Clip(stats.max.ToString())});
  }
  fmt::print("{}", columns.Render());
  if (!global.quiet) {
    fmt::print("\nfiles:\n");
    for (const auto& f : entry.files)
      fmt::print("  {}  {}  {}  {}\n", f.path, Counted(static_cast<uint64_t>(f.rows), "row"),
                 Counted(static_cast<uint64_t>(f.row_groups), "row group"), FormatBytes(f.bytes));
  }
}

void RunHead(const std::string& name, int64_t limit, const std::string& format,
             const GlobalOptions& global) {
  if (limit < 0) throw UsageError("-n must not be negative");
  Warehouse warehouse(global.WarehouseDir());
  TableEntry entry = warehouse.GetTable(name);
  std::vector<int> all_columns;
  for (size_t i = 0; i < entry.schema->size(); ++i) all_columns.push_back(static_cast<int>(i));
  std::vector<Batch> batches;
  int64_t left = limit;
  for (const auto& file : entry.files) {
    if (left == 0) break;
    ParquetReader reader(warehouse.FilePath(file));
    for (size_t rg = 0; rg < reader.num_row_groups() && left > 0; ++rg)
      for (Batch& batch : reader.ReadRowGroup(rg, all_columns, static_cast<size_t>(left))) {
        if (static_cast<int64_t>(batch.num_rows) > left) {
          for (auto& c : batch.columns) c = c->Slice(0, static_cast<size_t>(left));
          batch.num_rows = static_cast<size_t>(left);
        }
        left -= static_cast<int64_t>(batch.num_rows);
        batch.schema = entry.schema;
        batches.push_back(std::move(batch));
        if (left == 0) break;
      }
  }
  Table rows(entry.schema, std::move(batches));
  if (format == "csv") return fmt::print("{}", RenderCsv(rows));
  if (format == "json") return fmt::print("{}", RenderJson(rows));
  // The table without its own "(N rows)" line: the footer below says "N of M rows".
  std::string text = RenderTextTable(rows);
  size_t footer = text.rfind("\n(", text.size() >= 2 ? text.size() - 2 : 0);
  if (footer != std::string::npos) text.erase(footer + 1);
  fmt::print("{}", text);
  if (!global.quiet)
    fmt::print("({} of {} {})\n", Count(static_cast<int64_t>(rows.num_rows())), Count(entry.rows),
               entry.rows == 1 ? "row" : "rows");
}

void RunDrop(const std::string& name, bool if_exists, const GlobalOptions& global) {
  Warehouse warehouse(global.WarehouseDir());
  if (warehouse.FindTable(name)) {
    warehouse.DropTable(name);
    if (!global.quiet) fmt::print("dropped table \"{}\"\n", name);
    return;
  }
  if (warehouse.FindView(name)) {
    warehouse.DropView(name);
    if (!global.quiet) fmt::print("dropped view \"{}\"\n", name);
    return;
  }
  if (if_exists) return;
  warehouse.GetTable(name);  // throws the error naming the closest table
}

}  // namespace

void RegisterTableCommands(CLI::App& app, GlobalOptions& global) {
  app.add_subcommand("tables", "List the tables of the warehouse")->callback([&global] {
    RunTables(global);
  });

  auto name = std::make_shared<std::string>();
  CLI::App* describe =
      app.add_subcommand("describe", "Show a table's schema, size, files and column statistics");
  describe->add_option("table", *name, "Table name")->required();
  describe->callback([name, &global] { RunDescribe(*name, global); });

  auto head_name = std::make_shared<std::string>();
  auto limit = std::make_shared<int64_t>(10);
  CLI::App* head = app.add_subcommand("head", "Show the first rows of a table");
  head->add_option("table", *head_name, "Table name")->required();
  head->add_option("-n,--rows", *limit, "Number of rows")->capture_default_str();
  auto head_format = std::make_shared<std::string>("table");
  head->add_option("--format", *head_format, "table, csv or json")
      ->transform(CLI::IsMember({"table", "csv", "json"}, CLI::ignore_case))
      ->capture_default_str();
  head->callback([head_name, limit, head_format, &global] {
    RunHead(*head_name, *limit, *head_format, global);
  });

  auto drop_name = std::make_shared<std::string>();
  auto if_exists = std::make_shared<bool>(false);
  CLI::App* drop =
      app.add_subcommand("drop", "Remove a table (its catalog entry, then its files) or a view");
  drop->add_option("table", *drop_name, "Table or view name")->required();
  drop->add_flag("--if-exists", *if_exists, "Succeed when there is no such table");
  drop->callback([drop_name, if_exists, &global] { RunDrop(*drop_name, *if_exists, global); });
}

}  // namespace tally
