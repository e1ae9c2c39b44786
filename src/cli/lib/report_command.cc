// `tally report` and the single-analytic commands `tally invoices`, `tally monthly`,
// `tally rfm`: read the retail data from a warehouse table, a CSV file or Parquet files, run the
// analytics on the engine and render them.
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <filesystem>

#include "analytics/retail_report.h"
#include "catalog/warehouse.h"
#include "cli/lib/command_support.h"
#include "cli/lib/commands.h"
#include "cli/lib/progress_bar.h"
#include "common/datetime.h"
#include "common/error.h"
#include "ingest/csv_ingest.h"
#include "io/file_writer.h"
#include "io/input_stream.h"
#include "report/html/html_report.h"
#include "report/retail_renderers.h"

namespace tally {
namespace {

struct ReportArgs {
  std::string table;
  std::string csv;
  std::string parquet;
  std::string format = "table";
  std::string out;
  std::string rfm_scoring = "spark";
  std::string quantiles = "element";
  std::string as_of;
  std::string rfm_customers;
  std::string html;
  std::string delimiter = "auto";
  std::string null_text;
  std::string month_format = "yyyymm";
};

std::vector<std::string> ParquetFiles(const std::string& path) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  if (fs::is_directory(path)) {
    for (const auto& item : fs::recursive_directory_iterator(path))
      if (item.is_regular_file() && item.path().extension() == ".parquet")
        files.push_back(item.path().string());
    std::sort(files.begin(), files.end());
    if (files.empty()) ThrowError("no .parquet files under {}", path);
  } else {
    if (!fs::exists(path)) ThrowError("cannot open {}: no such file", path);
    files.push_back(path);
  }
  return files;
}

MonthFormat MonthFormatOf(const ReportArgs& args) {
  return args.month_format == "iso" ? MonthFormat::kIso : MonthFormat::kYearMonthNumber;
}

// The input DataFrame and a description of where it comes from.
// `progress` (may be null) follows the reading of a CSV file.
std::pair<DataFrame, std::string> OpenSource(const ReportArgs& args, const GlobalOptions& global,
                                             ProgressBar* progress) {
  int given = !args.table.empty() + !args.csv.empty() + !args.parquet.empty();
  if (given > 1) throw UsageError("give only one of --table, --csv and --parquet");
  if (!args.csv.empty()) {
    if (!std::filesystem::exists(args.csv) && args.csv != "-")
      ThrowError("cannot open {}: no such file", args.csv);
    CsvOptions format = CsvFormatOf(args.csv, args.delimiter, args.null_text);
    if (progress && progress->enabled())
      format.progress = [progress](uint64_t bytes, uint64_t rows, uint64_t text_bytes) {
        progress->Update(bytes, rows, text_bytes);
      };
    return {DataFrame::ReadCsv(args.csv, ResolveCsvSchema(args.csv, format), format),
            args.csv == "-" ? "standard input" : args.csv};
  }
  if (!args.parquet.empty())
    return {DataFrame::ReadParquet(ParquetFiles(args.parquet)), args.parquet};
  return OpenWarehouseTable(args.table.empty() ? "retail" : args.table, global);
}

void RunReport(const ReportArgs& args, const ReportSections& sections,
               const GlobalOptions& global) {
  RetailReportOptions options;
  options.rfm_scoring = args.rfm_scoring == "pandas" ? RfmScoring::kPandas : RfmScoring::kSpark;
  options.quantiles =
      args.quantiles == "interpolated" ? QuantileMethod::kInterpolated : QuantileMethod::kElement;
  if (!args.as_of.empty()) {
    int32_t days;
    if (!ParseDate(args.as_of, &days))
      throw UsageError(fmt::format("--as-of: expected a date YYYY-MM-DD, got \"{}\"", args.as_of));
    options.as_of = days;
  }
  if (args.format == "csv" && args.out.empty())
    throw UsageError("--format csv needs --out DIR (one CSV file per analytic)");

  // Reading a CSV file is the long part of a report: it gets a progress bar.
  ProgressBar progress("read", args.csv.empty() ? 0 : InputSizeHint(args.csv),
                       !args.csv.empty() && !global.quiet && ProgressBar::StderrIsTerminal());
  progress.OnInterrupt("no output file is left half-written");
  auto [retail, source] = OpenSource(args, global, &progress);
  auto start = std::chrono::steady_clock::now();
  RetailResults results = RunRetailReport(retail, options, sections);
  progress.Finish();
  results.source = source;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  results.run_seconds = seconds;
  if (!WritesResults()) return;

  if (args.format == "json") {
    std::string json = RenderJsonReport(results, sections, MonthFormatOf(args));
    if (args.out.empty())
      fmt::print("{}", json);
    else
      WriteFileAtomically(args.out, json);
  } else if (args.format == "csv") {
    WriteCsvReport(results, sections, args.out, MonthFormatOf(args));
  } else {
    std::string text = RenderConsoleReport(results, sections);
    if (args.out.empty())
      fmt::print("{}", text);
    else
      WriteFileAtomically(args.out, text);
  }
  if (!args.html.empty()) {
    HtmlReportInfo info{TALLY_VERSION, NowUtcText()};
    WriteFileAtomically(args.html, RenderHtmlReport(results, sections, info));
  }
  if (!args.rfm_customers.empty()) {
    if (!sections.rfm) throw UsageError("--rfm-customers needs the RFM analytic");
    WriteFileAtomically(args.rfm_customers, RenderRfmCustomersCsv(results));
  }
  if (!global.quiet && args.format == "table" && args.out.empty())
    fmt::print("\n({:.2f} s)\n", seconds);
}

void AddReportCommand(CLI::App& app, GlobalOptions& global, const char* name,
                      const char* description, ReportSections sections) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->add_option("--table", args->table, "Warehouse table (default: retail)");
  cmd->add_option("--csv", args->csv,
                  "Read a CSV file directly (.csv, .csv.zst, .csv.gz; - for standard input)");
  AddCsvFormatOptions(cmd, &args->delimiter, &args->null_text);
  cmd->add_option("--parquet", args->parquet, "Read a Parquet file or a directory of them");
  cmd->add_option("--format", args->format, "table (console), json (the peers' format) or csv")
      ->transform(CLI::IsMember({"table", "json", "csv"}, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("-o,--out", args->out, "Output file (table, json) or directory (csv)");
  // Each command offers only the options of its analytics.
  if (sections.rfm) {
    cmd->add_option(
        "--as-of", args->as_of,
        "RFM recency reference date YYYY-MM-DD (default: the day after the last invoice)");
    cmd->add_option("--rfm-scoring", args->rfm_scoring,
                    "spark (QuantileDiscretizer) or pandas (qcut)")
        ->transform(CLI::IsMember({"spark", "pandas"}, CLI::ignore_case))
        ->capture_default_str();
  }
  if (sections.monthly)
    cmd->add_option("--month-format", args->month_format,
                    "Months in JSON and CSV: yyyymm (201012, the peers' format) or iso (2010-12)")
        ->transform(CLI::IsMember({"yyyymm", "iso"}, CLI::ignore_case))
        ->capture_default_str();
  if (sections.invoices)
    cmd->add_option("--quantiles", args->quantiles,
                    "element (rank ceil(p*N), Spark) or interpolated (pandas) for median and p85")
        ->transform(CLI::IsMember({"element", "interpolated"}, CLI::ignore_case))
        ->capture_default_str();
  cmd->add_option("--html", args->html,
                  "Also write a self-contained HTML report with charts to this file");
  if (sections.rfm)
    cmd->add_option(
        "--rfm-customers", args->rfm_customers,
        "Also write per-customer recency, frequency, monetary, scores and segment (CSV)");
  cmd->callback([args, sections, &global] { RunReport(*args, sections, global); });
}

}  // namespace

void RegisterReportCommands(CLI::App& app, GlobalOptions& global) {
  AddReportCommand(app, global, "report", "Every retail analytic: invoices, monthly, RFM", {});
  AddReportCommand(app, global, "invoices", "Invoice amount statistics (mean, median, mode, p85)",
                   {true, false, false});
  AddReportCommand(
      app, global, "monthly",
      "Monthly orders placed and cancelled, sales, growth, active/new/existing customers",
      {false, true, false});
  AddReportCommand(app, global, "rfm", "RFM customer segmentation", {false, false, true});
}

}  // namespace tally
