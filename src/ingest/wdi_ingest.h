#pragma once
// World Development Indicators (ANALYTICS.md §8) into a warehouse table with the schema
//   wdi(year int32, country_name string, country_code string, indicator_name string,
//       indicator_code string, indicator_value double)
// from either CSV layout, recognised from the header:
//
//   long: year,country_name,country_code,indicator_name,indicator_code,indicator_value
//   wide: Country Name,Country Code,Indicator Name,Indicator Code,1960,...,2025[,]
//         (the World Bank's WDIData.csv: one column per year, often a trailing empty column)
//
// Wide rows are unpivoted to one long row per non-empty year cell; empty cells are missing
// values, so their rows are dropped (never stored as zeros). The stored rows are sorted by
// indicator_code, country_name, year and written in small row groups, so that the min/max
// statistics of indicator_code let a query on one indicator skip almost every row group.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/warehouse.h"
#include "ingest/csv_ingest.h"
#include "vector/batch.h"

namespace tally {

enum class WdiLayout { kNone, kLong, kWide };

std::shared_ptr<const Schema> WdiSchema();

// From header names (case-insensitive, surrounding spaces ignored).
WdiLayout DetectWdiLayout(const std::vector<std::string>& header);
// Reads the header of a CSV file (any compression); kNone for standard input.
WdiLayout DetectWdiLayoutOfFile(const std::string& path, const CsvOptions& options);
// Whether `tally ingest` should route this source to IngestWdi: a CSV file in a WDI layout
// and no explicit --schema.
bool IsWdiSource(const CsvIngestOptions& options);

// The CSV schema of a wide file with this header: four strings, one double per year column,
// strings for trailing unnamed columns. Throws Error when the header is not the wide layout.
std::shared_ptr<const Schema> WdiWideSchema(const std::vector<std::string>& header);
// One long row (WdiSchema) per non-null year cell of `wide` (read with WdiWideSchema), in row
// order and then year order. `years[i]` is the year of wide column 4 + i.
Batch UnpivotWdiWide(const Batch& wide, const std::vector<int32_t>& years);

// Rows per row group of a WDI table: about one indicator's worth of rows or less, so a
// pushed-down `indicator_code == X` reads one or two row groups.
inline constexpr size_t kWdiRowGroupRows = 16 * 1024;

// Reads a WDI CSV file of either layout into long rows (WdiSchema), without missing values,
// in file order (options' error handling and progress apply). `stats` may be null.
std::vector<Batch> ReadWdiCsv(const std::string& path, const CsvOptions& options,
                              CsvScanStats* stats = nullptr);

// Puts long rows (WdiSchema) into storage order: indicator_code, country_name, year. The
// ingest layer sits below the query engine, so the caller passes the engine's sort in (see
// SortWdiForStorage in analytics/wdi.h).
using WdiSorter = std::function<std::vector<Batch>(std::vector<Batch>)>;

// Reads the whole file (either layout; options.csv's error handling and progress apply),
// drops rows without a value, sorts them with `sort` and writes them as one warehouse
// transaction in row groups of kWdiRowGroupRows.
IngestResult IngestWdi(Warehouse& warehouse, const CsvIngestOptions& options,
                       const WdiSorter& sort);

}  // namespace tally
