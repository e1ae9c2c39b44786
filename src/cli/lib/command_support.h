#pragma once
// Pieces shared by the commands that run analytics (report, wdi).
#include <string>
#include <utility>

#include "cli/lib/global_options.h"
#include "frame/dataframe.h"

namespace tally {

// A warehouse table as a DataFrame, with a description for report headers. A table ingested
// from an empty file has a schema but no files: it reads as an empty frame.
std::pair<DataFrame, std::string> OpenWarehouseTable(const std::string& name,
                                                     const GlobalOptions& global);

// Whether this process writes results: always, except on ranks other than 0 of a distributed
// run (every rank computes the same results; one writes them).
bool WritesResults();

// The current time as "YYYY-MM-DD HH:MM:SS UTC", for report footers.
std::string NowUtcText();

}  // namespace tally
