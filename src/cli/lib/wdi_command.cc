// `tally wdi series|all|peak|indicators`: the World Development Indicators queries
// (ANALYTICS.md §8) over a warehouse table or a WDI CSV file (long or wide layout), rendered
// as a console table, CSV or JSON, and optionally as an HTML page with a chart.
#include <fmt/format.h>

#include <ctime>
#include <filesystem>

#include "analytics/wdi.h"
#include "analytics/wdi_aggregates.h"
#include "catalog/warehouse.h"
#include "cli/lib/command_support.h"
#include "cli/lib/commands.h"
#include "common/error.h"
#include "ingest/wdi_ingest.h"
#include "io/file_writer.h"
#include "report/html/wdi_page.h"
#include "report/wdi_renderers.h"

namespace tally {
namespace {

struct WdiArgs {
  std::string table;
  std::string csv;
  std::string format = "table";
  std::string html;
  std::string indicator;
  std::string country;
  std::string search;
  std::string only = "all";
  int top = -1;
  bool ignore_zero = false;
};

enum class WdiQuery { kSeries, kAll, kPeak, kIndicators, kCountries };

std::pair<DataFrame, std::string> OpenWdi(const WdiArgs& args, const GlobalOptions& global) {
  if (!args.table.empty() && !args.csv.empty())
    throw UsageError("give only one of --table and --csv");
  if (!args.csv.empty()) {
    if (args.csv != "-" && !std::filesystem::exists(args.csv))
      ThrowError("cannot open {}: no such file", args.csv);
    std::vector<Batch> rows = ReadWdiCsv(args.csv, CsvOptions{});
    return {DataFrame::FromTable(Table(WdiSchema(), std::move(rows))), args.csv};
  }
  return OpenWarehouseTable(args.table.empty() ? "wdi" : args.table, global);
}

void RunWdi(const WdiArgs& args, WdiQuery query, const GlobalOptions& global) {
  auto [wdi, source] = OpenWdi(args, global);
  HtmlReportInfo info{TALLY_VERSION, NowUtcText()};
  if (query == WdiQuery::kIndicators) {
    std::vector<WdiIndicator> indicators = WdiIndicators(wdi, args.search);
    if (args.format == "json")
      fmt::print("{}", RenderWdiIndicatorsJson(indicators));
    else if (args.format == "csv")
      fmt::print("{}", RenderWdiIndicatorsCsv(indicators));
    else
      fmt::print("{}", RenderWdiIndicatorsConsole(indicators));
    if (!args.html.empty() && WritesResults())
      WriteFileAtomically(args.html, RenderWdiIndicatorsPage(indicators, source, info));
    return;
  }

  if (query == WdiQuery::kCountries) {
    std::vector<WdiCountry> countries = WdiCountries(wdi, ParseWdiKind(args.only));
    if (args.format == "json")
      fmt::print("{}", RenderWdiCountriesJson(countries));
    else if (args.format == "csv")
      fmt::print("{}", RenderWdiCountriesCsv(countries));
    else
      fmt::print("{}", RenderWdiCountriesConsole(countries));
    return;
  }

  WdiSeriesResult result;
  WdiView view = WdiView::kSeries;
  std::string title;
  switch (query) {
    case WdiQuery::kSeries:
      result = WdiSeries(wdi, args.indicator, args.country);
      title = fmt::format("History of {} for {}", args.indicator, args.country);
      break;
    case WdiQuery::kAll:
      result = WdiAllCountries(wdi, args.indicator);
      view = WdiView::kAllCountries;
      title = fmt::format("{} for every country", args.indicator);
      break;
    default:
      result = WdiPeaks(wdi, args.indicator, args.ignore_zero);
      view = WdiView::kPeaks;
      title = fmt::format("Highest value of {} per country{}", args.indicator,
                          args.ignore_zero ? " (0.0 values ignored)" : "");
      break;
  }
  result.points = TopOfEachKind(PointsOfKind(result.points, ParseWdiKind(args.only)), args.top);
  if (args.format == "json")
    fmt::print("{}", RenderWdiPointsJson(result.points));
  else if (args.format == "csv")
    fmt::print("{}", RenderWdiPointsCsv(result.points));
  else
    fmt::print("{}", RenderWdiPointsConsole(result, title));
  if (!args.html.empty() && WritesResults())
    WriteFileAtomically(args.html, RenderWdiPage(result, view, source, info));
}

CLI::App* AddQuery(CLI::App& wdi, GlobalOptions& global, const char* name, const char* description,
                   WdiQuery query) {
  auto args = std::make_shared<WdiArgs>();
  CLI::App* cmd = wdi.add_subcommand(name, description);
  cmd->add_option("--table", args->table, "Warehouse table (default: wdi)");
  cmd->add_option("--csv", args->csv,
                  "Read a WDI CSV file directly (long or World Bank wide layout; - for standard "
                  "input)");
  cmd->add_option("--format", args->format, "table (console), csv or json")
      ->transform(CLI::IsMember({"table", "csv", "json"}, CLI::ignore_case))
      ->capture_default_str();
  if (query != WdiQuery::kCountries)
    cmd->add_option("--html", args->html, "Also write a self-contained HTML page to this file");
  if (query != WdiQuery::kIndicators && query != WdiQuery::kCountries)
    cmd->add_option("--indicator", args->indicator, "Indicator code, e.g. NY.GDP.MKTP.KD.ZG")
        ->required();
  if (query == WdiQuery::kAll || query == WdiQuery::kPeak || query == WdiQuery::kCountries)
    cmd->add_option("--only", args->only,
                    "countries, aggregates (the World Bank's regions, income and lending groups, "
                    "the world) or all")
        ->transform(CLI::IsMember({"countries", "aggregates", "all"}, CLI::ignore_case))
        ->capture_default_str();
  if (query == WdiQuery::kPeak)
    cmd->add_option("--top", args->top,
                    "Only the N highest countries (and the N highest aggregates)")
        ->check(CLI::NonNegativeNumber)
        ->type_name("N");
  if (query == WdiQuery::kSeries)
    cmd->add_option("--country", args->country, "Country name or code, e.g. Canada or CAN")
        ->required();
  if (query == WdiQuery::kPeak)
    cmd->add_flag("--ignore-zero", args->ignore_zero,
                  "Ignore 0.0 values (older extracts used them for missing values)");
  if (query == WdiQuery::kIndicators)
    cmd->add_option("--search", args->search, "Only codes or names containing TEXT (any case)");
  cmd->callback([args, query, &global] { RunWdi(*args, query, global); });
  return cmd;
}

}  // namespace

void RegisterWdiCommand(CLI::App& app, GlobalOptions& global) {
  CLI::App* wdi = app.add_subcommand("wdi", "World Development Indicators queries");
  wdi->require_subcommand(1);
  AddQuery(*wdi, global, "series", "One indicator's history for one country, by year",
           WdiQuery::kSeries);
  AddQuery(*wdi, global, "all", "One indicator for every country, by country name and year",
           WdiQuery::kAll);
  AddQuery(*wdi, global, "peak",
           "Each country's highest value of an indicator and the year(s) it was reached",
           WdiQuery::kPeak);
  AddQuery(*wdi, global, "indicators", "Indicator codes and names with row counts and years",
           WdiQuery::kIndicators);
  AddQuery(*wdi, global, "countries",
           "Country and aggregate codes and names with row counts and years", WdiQuery::kCountries);
}

}  // namespace tally
