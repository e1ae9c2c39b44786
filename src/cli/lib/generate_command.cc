#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "cli/lib/commands.h"
#include "cli/lib/progress_bar.h"
#include "common/error.h"
#include "exec/spill_file.h"
#include "generate/generate_output.h"
#include "generate/retail_profile.h"
#include "report/text_table.h"

namespace tally {
namespace {

struct GenerateArgs {
  int64_t rows = -1;
  double scale = 0;
  uint64_t seed = 1;
  std::string out;
  std::string table;
  std::string mode = "replace";
  int threads = 0;
};

void RunGenerate(const GenerateArgs& args, const GlobalOptions& global) {
  generate::GenerateOptions options;
  if (args.rows >= 0) {
    options.generator.rows = args.rows;
  } else if (args.scale > 0) {
    options.generator.rows =
        std::llround(args.scale * static_cast<double>(generate::profile::kRowsPerScale));
  } else {
    throw UsageError("give the size with --rows N or --scale K (K > 0)");
  }
  if (args.out.empty() == args.table.empty())
    throw UsageError("give exactly one destination: --out FILE.csv[.zst] or --table NAME");
  // The file's name says its format: only what is written may be named.
  if (!args.out.empty() && !args.out.ends_with(".csv") && !args.out.ends_with(".csv.zst"))
    throw UsageError(fmt::format(
        "--out {}: tally generate writes CSV (.csv) or zstd-compressed CSV (.csv.zst); for "
        "Parquet, generate into a table (--table NAME) and export it with tally sql \"COPY NAME "
        "TO 'FILE.parquet' (FORMAT parquet)\"",
        args.out));
  options.generator.seed = args.seed;
  options.threads = args.threads;

  ProgressBar progress("generate", 0, !global.quiet && ProgressBar::StderrIsTerminal(),
                       static_cast<uint64_t>(options.generator.rows));
  if (progress.enabled())
    options.progress = [&](int64_t rows, uint64_t bytes) {
      progress.Update(bytes, static_cast<uint64_t>(rows));
    };
  progress.OnInterrupt(
      fmt::format("{} is as it was (written all or nothing{})",
                  args.out.empty() ? fmt::format("table \"{}\"", args.table) : args.out,
                  args.out.empty() ? "" : fmt::format("; remove {}.partial", args.out)));
  auto start = std::chrono::steady_clock::now();
  std::string summary;
  if (!args.out.empty()) {
    generate::GenerateResult result = generate::WriteRetailCsv(args.out, options);
    summary = fmt::format("wrote {} to {} ({})", Counted(static_cast<uint64_t>(result.rows), "row"),
                          args.out, FormatBytes(result.bytes));
  } else {
    Warehouse warehouse(global.WarehouseDir());
    TableEntry entry = generate::WriteRetailTable(
        warehouse, args.table, args.mode == "append" ? WriteMode::kAppend : WriteMode::kReplace,
        options);
    summary = fmt::format("generated {} into table \"{}\" ({} in {}, {})",
                          Counted(static_cast<uint64_t>(options.generator.rows), "row"), entry.name,
                          Counted(static_cast<uint64_t>(entry.rows), "row"),
                          Counted(entry.files.size(), "file"), FormatBytes(entry.bytes()));
  }
  SetInterruptMessage("");  // written
  progress.Finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!global.quiet) fmt::print("{} in {:.2f} s\n", summary, seconds);
}

}  // namespace

void RegisterGenerateCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write synthetic retail data shaped like the Online Retail data set (same columns, "
      "seasonality, countries, prices, cancellations) to a CSV file or a warehouse table");
  auto* rows = cmd->add_option("--rows", args->rows, "Number of rows");
  auto* scale = cmd->add_option("--scale", args->scale,
                                "Size in multiples of the real data (541,909 rows per scale; "
                                "more customers and invoices within the same year)");
  rows->excludes(scale);
  cmd->add_option("--seed", args->seed, "Random seed (same seed, same output)")
      ->capture_default_str();
  auto* out = cmd->add_option("-o,--out", args->out, "Output CSV file (.csv or .csv.zst)");
  auto* table = cmd->add_option("-t,--table", args->table, "Write into this warehouse table");
  out->excludes(table);
  cmd->add_option("--mode", args->mode, "With --table: replace the table or append to it")
      ->transform(CLI::IsMember({"replace", "append"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Generator threads (default: all cores)");
  cmd->callback([args, &global] { RunGenerate(*args, global); });
}

}  // namespace tally
