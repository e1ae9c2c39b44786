#pragma once
// Where scans read from: in-memory batches, Parquet files (one morsel per row group, row
// groups skipped by min/max statistics), or a CSV file (parsed in parallel).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exec/expr.h"
#include "io/csv/csv_options.h"
#include "vector/batch.h"

namespace tally {

class Communicator;

// Receives the batches of a scan, possibly from several threads at once. `sequence` orders
// the batches as they are in the source.
using BatchConsumer = std::function<void(Batch&&, size_t sequence)>;

class DataSource {
 public:
  virtual ~DataSource() = default;
  virtual const std::shared_ptr<const Schema>& schema() const = 0;
  virtual std::string Describe() const = 0;
  // Whether every scan parses text (CSV): then scanning again costs as much as the first time,
  // and a caller that scans several times should materialize the data once.
  virtual bool ParsesText() const { return false; }
  // A rough size of all of the source's data once in memory (0 when unknown), to decide
  // whether materializing it fits the memory budget.
  virtual size_t EstimatedBytes() const { return 0; }
  // The files a scan reads (for the ranks of a distributed run to check that they read the
  // same data); none for data in memory and for standard input.
  virtual std::vector<std::string> InputFiles() const { return {}; }
  // The number of rows when known (Parquet footers, data in memory), else -1.
  virtual int64_t KnownRows() const { return -1; }
  // The smallest and largest value of a column when known (Parquet statistics); false else.
  virtual bool KnownRange(int /*column*/, Scalar* /*min*/, Scalar* /*max*/) const { return false; }
  // Produces the chosen columns (indices into schema(), in that order). `filter` (may be null,
  // over the source's column names) is only a hint to skip data that cannot match; the caller
  // still applies it.
  virtual void Scan(const std::vector<int>& columns, const ExprNode* filter,
                    const BatchConsumer& consumer) const = 0;

  // Distributed runs (several ranks executing one plan). A rank-local source holds only this
  // rank's share of some data (a cached result of a distributed plan), so a plain Scan gives
  // the share. A shareable source can instead split itself: ScanShare produces this rank's
  // disjoint share (comm.rank() of comm.size()), all shares together being every row once.
  // ScanShare is collective: every rank calls it. Other sources are read whole by every rank.
  virtual bool IsRankLocal() const { return false; }
  virtual bool CanScanShare() const { return false; }
  virtual void ScanShare(const std::vector<int>& columns, const ExprNode* filter,
                         const BatchConsumer& consumer, Communicator& comm) const;
};

using DataSourcePtr = std::shared_ptr<const DataSource>;

DataSourcePtr MakeMemorySource(std::shared_ptr<const Schema> schema, std::vector<Batch> batches);
// Batches that are this rank's share of a distributed result (IsRankLocal).
DataSourcePtr MakeRankLocalMemorySource(std::shared_ptr<const Schema> schema,
                                        std::vector<Batch> batches);
DataSourcePtr MakeParquetSource(std::vector<std::string> paths);
// `format`: the delimiter, header and NULL text (CsvOptions' other fields are the reader's).
DataSourcePtr MakeCsvSource(std::string path, std::shared_ptr<const Schema> schema,
                            CsvOptions format = {});

// Whether a row group with these column min/max values might hold a row passing `filter`
// (conjunctions of `column op literal`); used by the Parquet source, exposed for tests.
struct ColumnRange {
  std::string name;
  Scalar min, max;  // NULL scalars when unknown
};
bool MayMatch(const ExprNode& filter, const std::vector<ColumnRange>& ranges);

}  // namespace tally
