#include "ingest/csv_ingest.h"

#include <cctype>
#include <filesystem>

#include "common/error.h"

namespace tally {
namespace {

bool SameNames(const Schema& a, const Schema& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string &x = a.field(i).name, &y = b.field(i).name;
    if (x.size() != y.size()) return false;
    for (size_t k = 0; k < x.size(); ++k)
      if (std::tolower(static_cast<unsigned char>(x[k])) !=
          std::tolower(static_cast<unsigned char>(y[k])))
        return false;
  }
  return true;
}

}  // namespace

std::shared_ptr<const Schema> ResolveCsvSchema(const std::string& path, const CsvOptions& options) {
  CsvReader probe(path, nullptr, options);
  auto retail = RetailSchema();
  if (SameNames(*probe.schema(), *retail)) return retail;
  return probe.schema();
}

IngestResult IngestCsv(Warehouse& warehouse, const CsvIngestOptions& options) {
  auto schema = options.schema ? options.schema : ResolveCsvSchema(options.source, options.csv);
  CsvReader reader(options.source, schema, options.csv);
  std::string source = std::filesystem::absolute(options.source).lexically_normal().string();
  auto writer = warehouse.BeginWrite(options.table, reader.schema(), options.mode, source);

  std::unique_ptr<ParquetWriter> file;
  std::string file_path;
  int64_t rows_in_file = 0;
  auto close_file = [&] {
    if (!file) return;
    writer->AddFile(file_path, file->Close());
    file.reset();
    rows_in_file = 0;
  };

  CsvScanStats stats = reader.Scan(
      [&](Batch&& batch, size_t) {
        if (batch.num_rows == 0) return;
        if (!file) {
          file_path = writer->NewFilePath();
          file = std::make_unique<ParquetWriter>(file_path, reader.schema(), options.parquet);
        }
        file->Write(batch);
        rows_in_file += static_cast<int64_t>(batch.num_rows);
        if (rows_in_file >= options.rows_per_file) close_file();
      },
      /*ordered=*/true);
  close_file();

  IngestResult result;
  result.rows_added = writer->rows_added();
  result.rejected = stats.rejected;
  result.bytes_read = stats.bytes;
  result.entry = writer->Commit();
  return result;
}

}  // namespace tally
