#include "ingest/csv_ingest.h"

#include <cctype>
#include <filesystem>

#include "common/error.h"
#include "ingest/table_sink.h"
#include "io/csv/csv_share.h"

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
  // In a distributed run, this rank's share of the file.
  CsvReader reader(options.source, schema,
                   CsvShareOptions(options.source, options.csv, CurrentCommunicator()));
  std::string source = std::filesystem::absolute(options.source).lexically_normal().string();
  SinkOptions sink_options;
  sink_options.mode = options.mode;
  sink_options.parquet = options.parquet;
  sink_options.rows_per_file = options.rows_per_file;
  TableSink sink(warehouse, options.table, reader.schema(), sink_options, source);
  CsvScanStats stats =
      reader.Scan([&](Batch&& batch, size_t) { sink.Write(batch); }, /*ordered=*/true);
  return sink.Commit(stats.rejected, stats.bytes);
}

}  // namespace tally
