#include "ingest/wdi_ingest.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <filesystem>

#include "common/error.h"
#include "io/csv/csv_reader.h"
#include "io/parquet/parquet_writer.h"

namespace tally {
namespace {

constexpr const char* kLongNames[] = {"year",           "country_name",   "country_code",
                                      "indicator_name", "indicator_code", "indicator_value"};
constexpr const char* kWideNames[] = {"country name", "country code", "indicator name",
                                      "indicator code"};
constexpr size_t kWideKeyColumns = 4;

std::string Normalized(const std::string& name) {
  size_t begin = 0, end = name.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(name[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(name[end - 1]))) --end;
  std::string out = name.substr(begin, end - begin);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // A UTF-8 byte order mark before the first name (Excel exports) is not part of it.
  if (out.rfind("\xEF\xBB\xBF", 0) == 0) out.erase(0, 3);
  return out;
}

bool IsYear(const std::string& name, int32_t* year) {
  std::string n = Normalized(name);
  if (n.size() != 4) return false;
  for (char c : n)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  *year = std::stoi(n);
  return true;
}

// Year columns of a wide header and how many trailing unnamed columns follow them; false when
// the header is not the wide layout.
bool ParseWideHeader(const std::vector<std::string>& header, std::vector<int32_t>* years,
                     size_t* trailing) {
  if (header.size() <= kWideKeyColumns) return false;
  for (size_t i = 0; i < kWideKeyColumns; ++i)
    if (Normalized(header[i]) != kWideNames[i]) return false;
  size_t i = kWideKeyColumns;
  for (int32_t year; i < header.size() && IsYear(header[i], &year); ++i) years->push_back(year);
  *trailing = header.size() - i;
  for (; i < header.size(); ++i)
    if (!Normalized(header[i]).empty()) return false;
  return !years->empty();
}

std::vector<std::string> HeaderOf(const std::string& path, const CsvOptions& options) {
  CsvOptions probe_options;
  probe_options.delimiter = options.delimiter;
  probe_options.max_record_bytes = options.max_record_bytes;
  // The sample is only needed for type inference, which the header check ignores.
  CsvReader probe(path, nullptr, probe_options);
  std::vector<std::string> names;
  for (const Field& field : probe.schema()->fields()) names.push_back(field.name);
  return names;
}

// The rows of a long batch that have a value (a missing value is a missing row).
Batch DropMissingValues(Batch batch) {
  const Column& value = *batch.columns[5];
  if (!value.HasNulls()) return batch;
  std::vector<uint32_t> keep;
  keep.reserve(batch.num_rows);
  for (size_t i = 0; i < batch.num_rows; ++i)
    if (value.IsValid(i)) keep.push_back(static_cast<uint32_t>(i));
  for (ColumnPtr& column : batch.columns) column = column->Take(keep);
  batch.num_rows = keep.size();
  return batch;
}

}  // namespace

std::shared_ptr<const Schema> WdiSchema() {
  static const auto schema = std::make_shared<const Schema>(std::vector<Field>{
      {"year", DataType::Int32()},
      {"country_name", DataType::String()},
      {"country_code", DataType::String()},
      {"indicator_name", DataType::String()},
      {"indicator_code", DataType::String()},
      {"indicator_value", DataType::Double()},
  });
  return schema;
}

WdiLayout DetectWdiLayout(const std::vector<std::string>& header) {
  if (header.size() == std::size(kLongNames)) {
    bool same = true;
    for (size_t i = 0; i < header.size(); ++i)
      same = same && Normalized(header[i]) == kLongNames[i];
    if (same) return WdiLayout::kLong;
  }
  std::vector<int32_t> years;
  size_t trailing = 0;
  return ParseWideHeader(header, &years, &trailing) ? WdiLayout::kWide : WdiLayout::kNone;
}

WdiLayout DetectWdiLayoutOfFile(const std::string& path, const CsvOptions& options) {
  if (std::filesystem::is_directory(path)) return WdiLayout::kNone;
  return DetectWdiLayout(HeaderOf(path, options));
}

bool IsWdiSource(const CsvIngestOptions& options) {
  return options.schema == nullptr &&
         DetectWdiLayoutOfFile(options.source, options.csv) != WdiLayout::kNone;
}

std::shared_ptr<const Schema> WdiWideSchema(const std::vector<std::string>& header) {
  std::vector<int32_t> years;
  size_t trailing = 0;
  if (!ParseWideHeader(header, &years, &trailing))
    throw Error(
        "not a World Bank wide header (Country Name,Country Code,Indicator Name,"
        "Indicator Code,YEAR,...)");
  std::vector<Field> fields;
  for (size_t i = 0; i < header.size(); ++i) {
    bool is_value = i >= kWideKeyColumns && i < kWideKeyColumns + years.size();
    fields.push_back({header[i], is_value ? DataType::Double() : DataType::String()});
  }
  return std::make_shared<const Schema>(std::move(fields));
}

Batch UnpivotWdiWide(const Batch& wide, const std::vector<int32_t>& years) {
  TALLY_ASSERT(wide.columns.size() >= kWideKeyColumns + years.size());
  Batch out = Batch::Empty(WdiSchema());
  for (size_t row = 0; row < wide.num_rows; ++row) {
    for (size_t y = 0; y < years.size(); ++y) {
      const Column& cell = *wide.columns[kWideKeyColumns + y];
      if (cell.IsNull(row)) continue;
      out.columns[0]->Append<int32_t>(years[y]);
      for (size_t k = 0; k < kWideKeyColumns; ++k) {
        const Column& key = *wide.columns[k];
        if (key.IsNull(row))
          out.columns[1 + k]->AppendNull();
        else
          out.columns[1 + k]->AppendString(key.GetString(row));
      }
      out.columns[5]->Append<double>(cell.Get<double>(row));
      ++out.num_rows;
    }
  }
  return out;
}

std::vector<Batch> ReadWdiCsv(const std::string& path, const CsvOptions& options,
                              CsvScanStats* stats) {
  std::vector<std::string> header = HeaderOf(path, options);
  WdiLayout layout = DetectWdiLayout(header);
  if (layout == WdiLayout::kNone)
    ThrowError(
        "{}: not a World Development Indicators file (expected the header {} or the World "
        "Bank wide layout Country Name,Country Code,Indicator Name,Indicator Code,1960,...)",
        path, fmt::join(kLongNames, ","));
  std::vector<int32_t> years;
  size_t trailing = 0;
  if (layout == WdiLayout::kWide) ParseWideHeader(header, &years, &trailing);

  CsvReader reader(path, layout == WdiLayout::kLong ? WdiSchema() : WdiWideSchema(header), options);
  std::vector<Batch> rows;
  CsvScanStats scanned = reader.Scan(
      [&](Batch&& batch, size_t) {
        if (batch.num_rows == 0) return;
        Batch long_rows = layout == WdiLayout::kLong ? DropMissingValues(std::move(batch))
                                                     : UnpivotWdiWide(batch, years);
        if (long_rows.num_rows == 0) return;
        long_rows.schema = WdiSchema();
        rows.push_back(std::move(long_rows));
      },
      /*ordered=*/true);
  if (stats != nullptr) *stats = scanned;
  return rows;
}

IngestResult IngestWdi(Warehouse& warehouse, const CsvIngestOptions& options,
                       const WdiSorter& sort) {
  // Read everything first: the rows are then sorted as a whole (WDI downloads are tens of MB).
  CsvScanStats stats;
  std::vector<Batch> rows = ReadWdiCsv(options.source, options.csv, &stats);
  std::vector<Batch> sorted = sort(std::move(rows));

  std::string source = std::filesystem::absolute(options.source).lexically_normal().string();
  auto writer = warehouse.BeginWrite(options.table, WdiSchema(), options.mode, source);
  ParquetWriteOptions parquet = options.parquet;
  parquet.row_group_rows = kWdiRowGroupRows;
  std::unique_ptr<ParquetWriter> file;
  std::string file_path;
  int64_t rows_in_file = 0;
  for (const Batch& batch : sorted) {
    if (batch.num_rows == 0) continue;
    if (!file) {
      file_path = writer->NewFilePath();
      file = std::make_unique<ParquetWriter>(file_path, WdiSchema(), parquet);
    }
    file->Write(batch);
    rows_in_file += static_cast<int64_t>(batch.num_rows);
    if (rows_in_file >= options.rows_per_file) {
      writer->AddFile(file_path, file->Close());
      file.reset();
      rows_in_file = 0;
    }
  }
  if (file) writer->AddFile(file_path, file->Close());

  IngestResult result;
  result.rows_added = writer->rows_added();
  result.rejected = stats.rejected;
  result.bytes_read = stats.bytes;
  result.entry = writer->Commit();
  return result;
}

}  // namespace tally
