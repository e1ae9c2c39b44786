#pragma once
// World Development Indicators (ANALYTICS.md §8), each a short DataFrame program over a table
// with the WDI schema (year, country_name, country_code, indicator_name, indicator_code,
// indicator_value; see ingest/wdi_ingest.h).
#include <cstdint>
#include <string>
#include <vector>

#include "frame/dataframe.h"

namespace tally {

struct WdiPoint {
  std::string country_name;
  std::string country_code;
  int32_t year = 0;
  double value = 0;
};

struct WdiIndicator {
  std::string code;
  std::string name;
  int64_t rows = 0;
  int32_t first_year = 0;
  int32_t last_year = 0;
};

// The rows of one indicator and its name (for titles).
struct WdiSeriesResult {
  std::string indicator_code;
  std::string indicator_name;
  std::vector<WdiPoint> points;
};

// §8.1: one indicator for one country (its name or code), ordered by year.
WdiSeriesResult WdiSeries(const DataFrame& wdi, const std::string& indicator,
                          const std::string& country);
// §8.2: one indicator for every country, ordered by country name, then year.
WdiSeriesResult WdiAllCountries(const DataFrame& wdi, const std::string& indicator);
// §8.3: each country's highest value of one indicator with every year it was reached, ranked
// by value (highest first), then country name, then year. The maximum is joined back to the
// same indicator's rows only. ignore_zero drops 0.0 values first (older extracts used 0.0 for
// "missing").
WdiSeriesResult WdiPeaks(const DataFrame& wdi, const std::string& indicator, bool ignore_zero);
// Every indicator (code, name, rows, first and last year) ordered by code; with `search`, only
// those whose code or name contains it, ignoring case.
std::vector<WdiIndicator> WdiIndicators(const DataFrame& wdi, const std::string& search = "");

// The storage order of a WDI table (indicator_code, country_name, year) computed by the
// engine; used by the ingest (ingest/wdi_ingest.h), which sits below the engine.
std::vector<Batch> SortWdiForStorage(std::vector<Batch> rows);

}  // namespace tally
