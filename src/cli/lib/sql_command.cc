// `tally sql`: SQL statements on the warehouse's tables, from the command line, a file or
// standard input, printed as a table, CSV or JSON.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "catalog/warehouse.h"
#include "cli/lib/command_support.h"
#include "cli/lib/commands.h"
#include "cli/lib/progress_bar.h"
#include "common/error.h"
#include "exec/query_context.h"
#include "io/file_writer.h"
#include "io/input_stream.h"
#include "report/table_output.h"
#include "sql/sql_session.h"
#include "sql/sql_statements.h"
#include "sql/warehouse_catalog.h"

namespace tally {
namespace {

struct SqlArgs {
  std::string query;
  std::string file;
  std::string format = "table";
  std::string out;
};

std::string ReadAll(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void RunSqlCommand(const SqlArgs& args, const GlobalOptions& global) {
  std::string text;
  if (!args.query.empty() && !args.file.empty())
    throw UsageError("give a query or -f FILE, not both");
  if (!args.query.empty()) {
    text = args.query;
  } else if (!args.file.empty()) {
    std::ifstream in(args.file, std::ios::binary);
    if (!in) ThrowError("cannot open {}", args.file);
    text = ReadAll(in);
  } else {
    text = ReadAll(std::cin);
  }
  WarehouseCatalog catalog(global.WarehouseDir());
  if (args.format == "parquet" && args.out.empty())
    throw UsageError("--format parquet needs --out FILE");
  // A long query shows the rows it has scanned so far (stderr a terminal, not --quiet).
  auto context = std::make_shared<QueryContext>();
  ProgressBar progress("sql", 0, !global.quiet && ProgressBar::StderrIsTerminal());
  progress.OnInterrupt(
      "the statements that had finished are kept, and no table or file is left half-written");
  std::vector<SqlResult> results;
  {
    ProgressPoller poller(progress.enabled(), [&] {
      progress.Update(0, context->progress().rows_scanned.load(std::memory_order_relaxed));
    });
    results = RunSql(text, catalog, context, &catalog.warehouse());
  }
  progress.Finish();
  if (!WritesResults()) return;
  if (args.format == "parquet") {
    // The last query's rows, as one Parquet file.
    for (auto r = results.rbegin(); r != results.rend(); ++r)
      if (!r->is_text && r->tag.empty()) return WriteParquetFileAtomically(args.out, r->table);
    throw Error("--format parquet: the statements return no rows to write");
  }
  std::string output;
  for (const SqlResult& r : results) {
    if (r.is_text) {
      output += r.text;
      continue;
    }
    if (!r.tag.empty()) {
      // Command tags, as psql prints them, in the table format only (CSV and JSON carry rows).
      if (args.format == "table") output += r.tag + "\n";
      continue;
    }
    if (args.format == "csv")
      output += RenderCsv(r.table);
    else if (args.format == "json")
      output += RenderJson(r.table);
    else
      output += RenderTextTable(r.table);
  }
  if (args.out.empty())
    fmt::print("{}", output);
  else
    WriteFileAtomically(args.out, output);
}

}  // namespace

void RegisterSqlCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<SqlArgs>();
  CLI::App* cmd = app.add_subcommand(
      "sql",
      "Run SQL (PostgreSQL's dialect) on the warehouse's tables: a query, -f FILE, or stdin");
  cmd->add_option("query", args->query, "The statement(s) to run");
  cmd->add_option("-f,--file", args->file, "Read the statements from this file");
  cmd->add_option("--format", args->format, "table, csv, json or parquet (the last query's rows)")
      ->transform(CLI::IsMember({"table", "csv", "json", "parquet"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("-o,--out", args->out, "Write the results to this file (atomically)");
  cmd->callback([args, &global] { RunSqlCommand(*args, global); });
}

}  // namespace tally
