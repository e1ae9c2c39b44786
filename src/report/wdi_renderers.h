#pragma once
// Renderers of the World Development Indicators queries (analytics/wdi.h): console tables,
// CSV and JSON. Points have the columns country_name, country_code, year, value; indicators
// indicator_code, indicator_name, rows, first_year, last_year. Values are written as the
// shortest text that reads back to the same double.
#include <string>
#include <vector>

#include "analytics/wdi.h"

namespace tally {

std::string RenderWdiPointsConsole(const WdiSeriesResult& result, const std::string& title);
std::string RenderWdiPointsCsv(const std::vector<WdiPoint>& points);
// A JSON array of {"country_name","country_code","year","value"} objects.
std::string RenderWdiPointsJson(const std::vector<WdiPoint>& points);

std::string RenderWdiIndicatorsConsole(const std::vector<WdiIndicator>& indicators);
std::string RenderWdiIndicatorsCsv(const std::vector<WdiIndicator>& indicators);
// A JSON array of {"indicator_code","indicator_name","rows","first_year","last_year"} objects.
std::string RenderWdiIndicatorsJson(const std::vector<WdiIndicator>& indicators);

}  // namespace tally
