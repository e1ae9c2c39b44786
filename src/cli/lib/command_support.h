#pragma once
// Pieces shared by the commands that run analytics (report, wdi).
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "cli/lib/global_options.h"
#include "frame/dataframe.h"
#include "io/csv/csv_options.h"

namespace tally {

// A warehouse table as a DataFrame, with a description for report headers. A table ingested
// from an empty file has a schema but no files: it reads as an empty frame.
std::pair<DataFrame, std::string> OpenWarehouseTable(const std::string& name,
                                                     const GlobalOptions& global);

// Whether this process writes results: always, except on ranks other than 0 of a distributed
// run (every rank computes the same results; one writes them).
bool WritesResults();

// The format of a CSV file from the --delimiter and --null options: "auto" detects the
// delimiter from the file's first line (, ; tab |), "tab" or "\t" is a tab, else one
// character; `null_text` as CsvOptions::null_text. Throws UsageError for anything else.
CsvOptions CsvFormatOf(const std::string& path, const std::string& delimiter,
                       const std::string& null_text);
// Adds --delimiter and --null to a command that reads CSV files.
void AddCsvFormatOptions(CLI::App* cmd, std::string* delimiter, std::string* null_text);

// The current time as "YYYY-MM-DD HH:MM:SS UTC", for report footers.
std::string NowUtcText();

}  // namespace tally
