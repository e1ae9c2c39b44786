#pragma once
// What the catalog knows about one table: its schema, files, row counts, per-column statistics
// and provenance. This is tally's metastore record; it is stored as JSON in the warehouse.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/types.h"
#include "io/parquet/parquet_writer.h"

namespace tally {

struct FileEntry {
  std::string path;  // relative to the warehouse root
  int64_t rows = 0;
  uint64_t bytes = 0;
  int row_groups = 0;
  std::vector<ColumnStatistics> columns;  // one per schema field
};

struct TableEntry {
  std::string name;
  int64_t version = 0;  // incremented by every commit
  std::shared_ptr<const Schema> schema;
  int64_t rows = 0;
  std::vector<FileEntry> files;
  std::vector<ColumnStatistics> columns;  // table-wide, merged over the files
  std::vector<std::string> sources;       // what each commit ingested, oldest first
  std::string created_at;                 // ISO 8601 UTC of the first commit
  std::string ingested_at;                // ISO 8601 UTC of the latest commit

  uint64_t bytes() const;
};

// Merges file statistics into table statistics (min of mins, max of maxes, sum of nulls).
void MergeStatistics(const std::vector<ColumnStatistics>& from,
                     std::vector<ColumnStatistics>* into);

std::string TableEntryToJson(const TableEntry& entry);
// True for a data file path the catalog may name: TABLE/COMMIT/FILE.parquet with plain names,
// so that nothing outside the table's own directory is ever read or removed through it.
bool IsTableFilePath(const std::string& path, const std::string& table);

// The catalog is untrusted input (a warehouse is shared): throws Error naming `origin` when the
// JSON is malformed or inconsistent (paths outside the table, negative counts, rows that do not
// add up).
TableEntry TableEntryFromJson(const std::string& json, const std::string& origin);

}  // namespace tally
