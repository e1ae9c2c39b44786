#include "ingest/parquet_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "io/parquet/parquet_reader.h"

namespace tally {

namespace fs = std::filesystem;

bool IsParquetSource(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return true;
  // Standard input and pipes are not Parquet (which is read from its end); their bytes are
  // left for OpenInput.
  if (path == "-" || !fs::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::string_view(magic, 4) == "PAR1";
}

std::vector<std::string> ParquetSourceFiles(const std::string& path) {
  if (!fs::is_directory(path)) return {path};
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(path))
    if (entry.is_regular_file() && entry.path().extension() == ".parquet")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  if (files.empty()) ThrowError("{}: no .parquet files in this directory", path);
  return files;
}

IngestResult IngestParquet(Warehouse& warehouse, const ParquetIngestOptions& options) {
  std::vector<std::string> files = ParquetSourceFiles(options.path);
  std::unique_ptr<ParquetReader> first = std::make_unique<ParquetReader>(files[0]);
  std::shared_ptr<const Schema> schema = first->schema();
  std::string source = fs::absolute(options.path).lexically_normal().string();
  TableSink sink(warehouse, options.table, schema, options.sink, source);
  uint64_t bytes = 0, rows = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    std::unique_ptr<ParquetReader> reader =
        f == 0 ? std::move(first) : std::make_unique<ParquetReader>(files[f]);
    const Schema& other = *reader->schema();
    if (other.size() != schema->size())
      ThrowError("{}: has {} columns but {} has {}", files[f], other.size(), files[0],
                 schema->size());
    for (size_t i = 0; i < schema->size(); ++i)
      if (other.field(i).name != schema->field(i).name ||
          other.field(i).type != schema->field(i).type)
        ThrowError("{}: column {} is {} {} but in {} it is {} {}", files[f], i + 1,
                   other.field(i).name, other.field(i).type.ToString(), files[0],
                   schema->field(i).name, schema->field(i).type.ToString());
    std::vector<int> columns;
    for (size_t i = 0; i < schema->size(); ++i) columns.push_back(static_cast<int>(i));
    for (size_t g = 0; g < reader->num_row_groups(); ++g) {
      for (Batch& batch : reader->ReadRowGroup(g, columns)) {
        batch.schema = schema;  // same names and types; the sink's schema object
        rows += batch.num_rows;
        sink.Write(batch);
      }
      if (options.progress) options.progress(bytes, rows);
    }
    bytes += fs::file_size(files[f]);
    if (options.progress) options.progress(bytes, rows);
  }
  IngestResult result = sink.Commit();
  result.bytes_read = bytes;
  return result;
}

}  // namespace tally
