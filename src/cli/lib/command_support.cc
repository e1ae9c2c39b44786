#include "cli/lib/command_support.h"

#include <fmt/format.h>

#include <ctime>

#include "catalog/warehouse.h"
#include "common/error.h"
#include "dist/communicator.h"
#include "io/csv/csv_schema.h"

namespace tally {

std::pair<DataFrame, std::string> OpenWarehouseTable(const std::string& name,
                                                     const GlobalOptions& global) {
  Warehouse warehouse(global.WarehouseDir());
  TableEntry entry = warehouse.GetTable(name);
  std::string description = fmt::format("table {} ({})", name, warehouse.root());
  if (entry.files.empty()) return {DataFrame::FromTable(Table(entry.schema, {})), description};
  return {DataFrame::ReadParquet(warehouse.FilePaths(entry)), description};
}

bool WritesResults() {
  return CurrentCommunicator().rank() == 0;
}

std::string NowUtcText() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer;
}

CsvOptions CsvFormatOf(const std::string& path, const std::string& delimiter,
                       const std::string& null_text) {
  CsvOptions format;
  format.null_text = null_text;
  if (delimiter == "auto")
    format.delimiter = DetectCsvDelimiter(path);
  else if (delimiter == "tab" || delimiter == "\\t" || delimiter == "\t")
    format.delimiter = '\t';
  else if (delimiter.size() == 1 && delimiter[0] != '"' && delimiter[0] != '\n' &&
           delimiter[0] != '\r')
    format.delimiter = delimiter[0];
  else
    throw UsageError(fmt::format(
        "--delimiter {}: give one character (e.g. ';' or '|'), tab, or auto", delimiter));
  return format;
}

void AddCsvFormatOptions(CLI::App* cmd, std::string* delimiter, std::string* null_text) {
  cmd->add_option("--delimiter", *delimiter,
                  "Field delimiter of CSV input: one character, tab, or auto (the most frequent "
                  "of , ; tab | in the first line)")
      ->capture_default_str();
  cmd->add_option("--null", *null_text,
                  "Text that stands for NULL in CSV input, e.g. NA or \\N (default: empty fields "
                  "are NULL)");
}

}  // namespace tally
