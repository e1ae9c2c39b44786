#pragma once
// Collects rows that arrive as text fields (PostgreSQL COPY text, INSERT literals) into typed
// Batches of the target schema. A row whose value does not convert either ends the ingest
// (OnError::kFail: tally::Error with the file, line and column) or is skipped and written to
// the rejects file, in the CSV reader's rejects format:
//   LINE<TAB>COLUMN<TAB>reason<TAB>raw row (tabs, newlines, backslashes escaped)
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv/column_builders.h"
#include "io/csv/csv_options.h"
#include "vector/batch.h"

namespace tally {

// One field of a text row: nullopt is SQL NULL.
using TextField = std::optional<std::string_view>;

// Appends reject lines to a file (created on first use; truncated then unless `append`, for a
// file that another reader writes too).
class RejectsFile {
 public:
  explicit RejectsFile(std::string path, bool append = false)
      : path_(std::move(path)), append_(append) {}
  ~RejectsFile();
  RejectsFile(const RejectsFile&) = delete;
  RejectsFile& operator=(const RejectsFile&) = delete;
  void Add(uint64_t line, uint64_t column, const std::string& reason, std::string_view raw);

 private:
  std::string path_;
  bool append_;
  std::FILE* file_ = nullptr;
};

class TextBatchBuilder {
 public:
  // `file` names the input in error messages; `rejects` may be null (count only).
  TextBatchBuilder(std::shared_ptr<const Schema> schema, OnError on_error, RejectsFile* rejects,
                   std::string file, std::function<void(Batch&&)> consumer);

  // fields[i] is the value of schema column i. `line` locates the row in the input and `raw`
  // is its text for the rejects file. Returns false when the row was skipped.
  bool AddRow(const std::vector<TextField>& fields, uint64_t line, std::string_view raw);
  // Records a row that could not even be split into fields (wrong field count, bad escape).
  void RejectRow(uint64_t line, uint64_t column, const std::string& reason, std::string_view raw);
  // Delivers the rows collected so far (call at the end).
  void Flush();

  uint64_t rows() const { return rows_; }
  uint64_t rejected() const { return rejected_; }
  const std::shared_ptr<const Schema>& schema() const { return schema_; }

 private:
  void StartBatch();

  std::shared_ptr<const Schema> schema_;
  OnError on_error_;
  RejectsFile* rejects_;
  std::string file_;
  std::function<void(Batch&&)> consumer_;
  std::vector<std::unique_ptr<FixedColumnBuilder>> fixed_;
  std::vector<std::unique_ptr<StringColumnBuilder>> strings_;
  std::vector<uint64_t> values_;  // converted fixed values of the row being added
  size_t batch_rows_ = 0;
  size_t batch_capacity_;  // rows per batch, fewer for wide tables
  bool batch_open_ = false;
  uint64_t rows_ = 0;
  uint64_t rejected_ = 0;
};

}  // namespace tally
