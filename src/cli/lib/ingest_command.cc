#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "cli/lib/commands.h"
#include "cli/lib/progress_bar.h"
#include "common/error.h"
#include "ingest/csv_ingest.h"
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
  std::string rejects;
  std::string compression = "zstd";
  int threads = 0;
};

// "data/online_retail.csv.zst" -> "online_retail"
std::string TableNameFromPath(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  name = name.substr(0, name.find('.'));
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) name = "t_" + name;
  return name;
}

void RunIngest(const IngestArgs& args, const GlobalOptions& global) {
  CsvIngestOptions options;
  options.source = args.source;
  options.table = args.table.empty() ? TableNameFromPath(args.source) : args.table;
  options.mode = args.mode == "append" ? WriteMode::kAppend : WriteMode::kReplace;
  if (!args.schema_file.empty()) options.schema = LoadSchemaFile(args.schema_file);
  options.csv.on_error = args.on_error == "skip" ? OnError::kSkip : OnError::kFail;
  options.csv.rejects_path = args.rejects;
  options.csv.threads = args.threads;
  options.parquet.compression = args.compression == "snappy" ? ParquetCompression::kSnappy
                                : args.compression == "none" ? ParquetCompression::kUncompressed
                                                             : ParquetCompression::kZstd;
  if (!std::filesystem::exists(args.source) && args.source != "-")
    ThrowError("cannot open {}: no such file", args.source);

  ProgressBar progress("ingest", InputSizeHint(args.source),
                       !global.quiet && ProgressBar::StderrIsTerminal());
  if (progress.enabled())
    options.csv.progress = [&](uint64_t bytes, uint64_t rows) { progress.Update(bytes, rows); };

  Warehouse warehouse(global.WarehouseDir());
  auto start = std::chrono::steady_clock::now();
  IngestResult result = IngestCsv(warehouse, options);
  progress.Finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (result.rejected > 0)
    fmt::print(stderr, "tally: skipped {} bad line{}{}\n",
               WithThousands(std::to_string(result.rejected)), result.rejected == 1 ? "" : "s",
               args.rejects.empty() ? "" : fmt::format(" (see {})", args.rejects));
  if (!global.quiet)
    fmt::print("{} {} rows into table \"{}\" ({} rows in {} file{}, {}) in {:.2f} s\n",
               options.mode == WriteMode::kAppend ? "appended" : "ingested",
               WithThousands(std::to_string(result.rows_added)), result.entry.name,
               WithThousands(std::to_string(result.entry.rows)), result.entry.files.size(),
               result.entry.files.size() == 1 ? "" : "s", FormatBytes(result.entry.bytes()),
               seconds);
}

}  // namespace

void RegisterIngestCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest", "Load a CSV file (.csv, .csv.zst, .csv.gz) into a warehouse table (Parquet)");
  cmd->add_option("source", args->source, "Input file ('-' for standard input)")->required();
  cmd->add_option("-t,--table", args->table, "Table name (default: from the file name)");
  cmd->add_option("--mode", args->mode, "replace the table or append to it")
      ->check(CLI::IsMember({"replace", "append"}))
      ->capture_default_str();
  cmd->add_option("--schema", args->schema_file,
                  "JSON schema {\"columns\":[{\"name\":..,\"type\":..}]} (default: the retail "
                  "schema when the header matches it, else inferred)");
  cmd->add_option("--on-error", args->on_error, "fail at the first bad line, or skip bad lines")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->capture_default_str();
  cmd->add_option("--rejects", args->rejects,
                  "With --on-error skip: write each skipped line with its line number and reason");
  cmd->add_option("--compression", args->compression, "Parquet compression")
      ->check(CLI::IsMember({"zstd", "snappy", "none"}))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Parser threads (default: all cores)");
  cmd->callback([args, &global] { RunIngest(*args, global); });
}

}  // namespace tally
