#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "analytics/wdi.h"
#include "cli/lib/command_support.h"
#include "cli/lib/commands.h"
#include "cli/lib/progress_bar.h"
#include "common/error.h"
#include "common/memory_budget.h"
#include "dist/communicator.h"
#include "exec/input_identity.h"
#include "exec/spill_file.h"
#include "ingest/csv_ingest.h"
#include "ingest/parquet_source.h"
#include "ingest/pg_dump_source.h"
#include "ingest/postgres_source.h"
#include "ingest/uci_layout.h"
#include "ingest/wdi_ingest.h"
#include "io/input_stream.h"
#include "report/text_table.h"

namespace tally {
namespace {

struct IngestArgs {
  std::string source;
  std::string table;
  std::string mode = "replace";
  std::string schema_file;
  std::string on_error = "fail";
  std::string delimiter = "auto";
  std::string null_text;
  std::string rejects;
  std::string compression = "zstd";
  std::string source_table;
  std::string query;
  std::string max_record_size = "16MB";
  int threads = 0;
};

enum class SourceKind { kCsv, kUciCsv, kPgDump, kPostgres, kParquet };

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

SourceKind DetectSourceKind(const std::string& source) {
  if (IsPostgresUrl(source)) return SourceKind::kPostgres;
  if (IsParquetSource(source)) return SourceKind::kParquet;
  if (EndsWith(source, ".sql") || EndsWith(source, ".sql.zst") || EndsWith(source, ".sql.gz") ||
      LooksLikeSqlScript(source))
    return SourceKind::kPgDump;
  return SourceKind::kCsv;
}

// "data/online_retail.csv.zst" -> "online_retail"
std::string TableNameFromPath(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  name = name.substr(0, name.find('.'));
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) name = "t_" + name;
  return name;
}

void PrintSummary(const IngestResult& result, const IngestArgs& args, WriteMode mode,
                  double seconds, const GlobalOptions& global) {
  if (result.rejected > 0)
    fmt::print(stderr, "tally: skipped {} bad {}{}\n",
               WithThousands(std::to_string(result.rejected)),
               result.rejected == 1 ? "row" : "rows",
               args.rejects.empty() ? "" : fmt::format(" (see {})", args.rejects));
  if (!global.quiet)
    fmt::print(
        "{} {} into table \"{}\" ({} in {}, {}) in {:.2f} s\n",
        mode == WriteMode::kAppend ? "appended" : "ingested", Counted(result.rows_added, "row"),
        result.entry.name, Counted(static_cast<uint64_t>(result.entry.rows), "row"),
        Counted(result.entry.files.size(), "file"), FormatBytes(result.entry.bytes()), seconds);
}

void RunIngest(const IngestArgs& args, const GlobalOptions& global) {
  SourceKind kind = SourceKind::kPostgres;
  if (!IsPostgresUrl(args.source)) {
    if (!std::filesystem::exists(args.source) && args.source != "-")
      ThrowError("cannot open {}: no such file", args.source);
    kind = DetectSourceKind(args.source);
  }
  if (!args.query.empty() && kind != SourceKind::kPostgres)
    throw UsageError("--query needs a postgresql:// source");
  if (!args.source_table.empty() && kind != SourceKind::kPostgres && kind != SourceKind::kPgDump)
    throw UsageError("--source-table needs a pg_dump file or a postgresql:// source");

  bool piped = args.source == "-" || !std::filesystem::is_regular_file(args.source);
  if (args.table.empty() && piped && kind == SourceKind::kCsv)
    throw UsageError("name the table to make from standard input or a pipe: --table NAME");
  CsvIngestOptions options;
  options.source = args.source;
  options.table = args.table.empty() ? TableNameFromPath(args.source) : args.table;
  options.mode = args.mode == "append" ? WriteMode::kAppend : WriteMode::kReplace;
  if (!args.schema_file.empty()) options.schema = LoadSchemaFile(args.schema_file);
  if (kind == SourceKind::kCsv) {
    CsvOptions format = CsvFormatOf(args.source, args.delimiter, args.null_text);
    options.csv.delimiter = format.delimiter;
    options.csv.null_text = format.null_text;
  }
  options.csv.on_error = args.on_error == "skip" ? OnError::kSkip : OnError::kFail;
  options.csv.rejects_path = args.rejects;
  options.csv.threads = args.threads;
  options.csv.max_record_bytes = ParseByteSize(args.max_record_size);
  if (options.csv.max_record_bytes < 1024)
    throw UsageError("--max-record-size must be at least 1KB");
  options.parquet.compression = args.compression == "snappy" ? ParquetCompression::kSnappy
                                : args.compression == "none" ? ParquetCompression::kUncompressed
                                                             : ParquetCompression::kZstd;
  SinkOptions sink;
  sink.mode = options.mode;
  sink.parquet = options.parquet;
  sink.rows_per_file = options.rows_per_file;

  if (kind == SourceKind::kCsv && options.schema == nullptr) {
    UciLayout layout = DetectUciLayoutOfFile(args.source, options.csv);
    if (layout != UciLayout::kNone) kind = SourceKind::kUciCsv;
  }

  // Distributed runs split CSV files between ranks; other sources are read by one process.
  if (CurrentCommunicator().size() > 1) {
    bool splittable =
        (kind == SourceKind::kCsv && !IsWdiSource(options)) || kind == SourceKind::kUciCsv;
    if (!splittable || args.source == "-")
      throw UsageError(
          "only CSV files are ingested by several ranks; run this ingest without mpirun");
    if (!args.rejects.empty()) throw UsageError("--rejects is not available with several ranks");
    CheckFilesAgree({args.source}, CurrentCommunicator());
  }

  // The password of a URL never reaches the progress line or the messages.
  ProgressBar progress("ingest", kind == SourceKind::kPostgres ? 0 : InputSizeHint(args.source),
                       !global.quiet && ProgressBar::StderrIsTerminal());
  std::function<void(uint64_t, uint64_t)> on_progress;
  if (progress.enabled())
    on_progress = [&](uint64_t bytes, uint64_t rows) { progress.Update(bytes, rows); };
  if (progress.enabled())
    options.csv.progress = [&](uint64_t bytes, uint64_t rows, uint64_t text_bytes) {
      progress.Update(bytes, rows, text_bytes);
    };

  // A dump or a database may fill several tables, named only as they are read.
  bool one_table = kind != SourceKind::kPgDump && kind != SourceKind::kPostgres;
  progress.OnInterrupt(fmt::format(
      "{} as it was (an ingest commits all or nothing)",
      one_table ? fmt::format("table \"{}\" is", options.table) : "every table it writes is"));
  Warehouse warehouse(global.WarehouseDir());
  auto start = std::chrono::steady_clock::now();
  std::vector<IngestResult> results;
  switch (kind) {
    case SourceKind::kCsv:
      results.push_back(IsWdiSource(options) ? IngestWdi(warehouse, options, SortWdiForStorage)
                                             : IngestCsv(warehouse, options));
      break;
    case SourceKind::kUciCsv:
      results.push_back(
          IngestUciCsv(warehouse, options, DetectUciLayoutOfFile(args.source, options.csv)));
      break;
    case SourceKind::kPgDump: {
      PgDumpIngestOptions dump;
      dump.path = args.source;
      dump.table = args.table;
      dump.source_table = args.source_table;
      dump.on_error = options.csv.on_error;
      dump.rejects_path = args.rejects;
      dump.sink = sink;
      dump.max_record_bytes = options.csv.max_record_bytes;
      dump.progress = on_progress;
      results = IngestPgDump(warehouse, dump);
      break;
    }
    case SourceKind::kPostgres: {
      PostgresIngestOptions pg;
      pg.url = args.source;
      pg.table = args.table;
      pg.source_table = args.source_table;
      pg.query = args.query;
      pg.on_error = options.csv.on_error;
      pg.rejects_path = args.rejects;
      pg.sink = sink;
      pg.progress = on_progress;
      results.push_back(IngestPostgres(warehouse, pg));
      break;
    }
    case SourceKind::kParquet: {
      ParquetIngestOptions parquet;
      parquet.path = args.source;
      parquet.table = options.table;
      parquet.sink = sink;
      parquet.progress = on_progress;
      results.push_back(IngestParquet(warehouse, parquet));
      break;
    }
  }
  SetInterruptMessage("");  // committed: the table is no longer as it was
  progress.Finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const IngestResult& result : results)
    PrintSummary(result, args, options.mode, seconds, global);
}

}  // namespace

void RegisterIngestCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Load a CSV file (.csv, .csv.zst, .csv.gz; also the UCI Online Retail layouts), a plain "
      "pg_dump file (.sql[.zst|.gz]), a PostgreSQL database (postgresql://...) or Parquet "
      "files into a warehouse table (Parquet)");
  cmd->add_option("source", args->source,
                  "Input file or directory ('-' for standard input), or postgresql://USER@HOST/DB")
      ->required();
  cmd->add_option("--source-table", args->source_table,
                  "pg_dump or PostgreSQL: the table to read (NAME or SCHEMA.NAME; a dump's tables "
                  "all by default)");
  cmd->add_option("--query", args->query, "PostgreSQL: a SELECT whose result is ingested");
  cmd->add_option("-t,--table", args->table, "Table name (default: from the file name)");
  cmd->add_option("--mode", args->mode, "replace the table or append to it")
      ->transform(CLI::IsMember({"replace", "append"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--schema", args->schema_file,
                  "JSON schema {\"columns\":[{\"name\":..,\"type\":..}]} (default: the retail "
                  "schema when the header matches it, else inferred)");
  AddCsvFormatOptions(cmd, &args->delimiter, &args->null_text);
  cmd->add_option("--on-error", args->on_error, "fail at the first bad line, or skip bad lines")
      ->transform(CLI::IsMember({"fail", "skip"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--rejects", args->rejects,
                  "With --on-error skip: write each skipped line with its line number and reason");
  cmd->add_option("--compression", args->compression, "Parquet compression")
      ->transform(CLI::IsMember({"zstd", "snappy", "none"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Parser threads (default: all cores)");
  cmd->add_option("--max-record-size", args->max_record_size,
                  "Longest CSV record, pg_dump statement or COPY line accepted, e.g. 64MB")
      ->capture_default_str();
  cmd->callback([args, &global] { RunIngest(*args, global); });
}

}  // namespace tally
