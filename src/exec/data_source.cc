#include "exec/data_source.h"

#include <filesystem>

#include <tbb/parallel_for.h>

#include "common/error.h"
#include "dist/communicator.h"
#include "exec/column_util.h"
#include "io/csv/csv_reader.h"
#include "io/csv/csv_share.h"
#include "io/parquet/parquet_reader.h"

namespace tally {
namespace {

class MemorySource : public DataSource {
 public:
  MemorySource(std::shared_ptr<const Schema> schema, std::vector<Batch> batches, bool rank_local)
      : schema_(std::move(schema)), rank_local_(rank_local) {
    // Large batches are split so every core gets work.
    for (auto& b : batches)
      for (auto& s : SplitBatch(b, kDefaultBatchRows)) batches_.push_back(std::move(s));
  }
  const std::shared_ptr<const Schema>& schema() const override { return schema_; }
  std::string Describe() const override {
    size_t rows = 0;
    for (const auto& b : batches_) rows += b.num_rows;
    return fmt::format("memory({} rows{})", rows, rank_local_ ? " of this rank" : "");
  }
  int64_t KnownRows() const override {
    size_t rows = 0;
    for (const auto& b : batches_) rows += b.num_rows;
    return static_cast<int64_t>(rows);
  }
  bool IsRankLocal() const override { return rank_local_; }
  void Scan(const std::vector<int>& columns, const ExprNode*,
            const BatchConsumer& consumer) const override {
    auto schema = ProjectSchema(*schema_, columns);
    tbb::parallel_for(size_t{0}, batches_.size(), [&](size_t i) {
      Batch b;
      b.schema = schema;
      b.num_rows = batches_[i].num_rows;
      for (int c : columns) b.columns.push_back(batches_[i].columns[static_cast<size_t>(c)]);
      consumer(std::move(b), i);
    });
  }

 private:
  std::shared_ptr<const Schema> schema_;
  bool rank_local_;
  std::vector<Batch> batches_;
};

int CompareScalars(const Scalar& a, const Scalar& b, bool* ok);

class ParquetSource : public DataSource {
 public:
  explicit ParquetSource(std::vector<std::string> paths) {
    if (paths.empty()) throw Error("no Parquet files to read");
    for (auto& p : paths) {
      readers_.push_back(std::make_shared<ParquetReader>(p));
      if (readers_.size() > 1 && !(*readers_.back()->schema() == *readers_[0]->schema()))
        ThrowError("{}: schema {} differs from {}", p, readers_.back()->schema()->ToString(),
                   readers_[0]->schema()->ToString());
    }
  }
  const std::shared_ptr<const Schema>& schema() const override { return readers_[0]->schema(); }
  std::vector<std::string> InputFiles() const override {
    std::vector<std::string> files;
    for (const auto& r : readers_) files.push_back(r->path());
    return files;
  }
  std::string Describe() const override {
    return fmt::format("parquet({} file{})", readers_.size(), readers_.size() == 1 ? "" : "s");
  }
  int64_t KnownRows() const override {
    int64_t rows = 0;
    for (const auto& r : readers_) rows += r->num_rows();
    return rows;
  }
  bool KnownRange(int column, Scalar* min, Scalar* max) const override {
    bool any = false;
    for (const auto& reader : readers_)
      for (size_t g = 0; g < reader->num_row_groups(); ++g) {
        const RowGroupInfo& info = reader->row_group(g);
        if (info.rows == 0) continue;
        if (static_cast<size_t>(column) >= info.columns.size()) return false;
        const ColumnStatistics& stats = info.columns[static_cast<size_t>(column)];
        if (stats.min.is_null() || stats.max.is_null()) {
          if (stats.null_count < info.rows) return false;  // values without statistics
          continue;
        }
        bool ok1 = true, ok2 = true;
        if (!any || CompareScalars(stats.min, *min, &ok1) < 0) *min = stats.min;
        if (!any || CompareScalars(stats.max, *max, &ok2) > 0) *max = stats.max;
        if (!ok1 || !ok2) return false;
        any = true;
      }
    return any;
  }
  void Scan(const std::vector<int>& columns, const ExprNode* filter,
            const BatchConsumer& consumer) const override {
    ScanRowGroups(columns, filter, consumer, 0, 1);
  }
  // Row groups are dealt to the ranks in turn (after pruning, which every rank does alike).
  bool CanScanShare() const override { return true; }
  void ScanShare(const std::vector<int>& columns, const ExprNode* filter,
                 const BatchConsumer& consumer, Communicator& comm) const override {
    ScanRowGroups(columns, filter, consumer, static_cast<size_t>(comm.rank()),
                  static_cast<size_t>(comm.size()));
  }

 private:
  void ScanRowGroups(const std::vector<int>& columns, const ExprNode* filter,
                     const BatchConsumer& consumer, size_t share, size_t shares) const {
    struct Morsel {
      size_t file, row_group;
    };
    std::vector<Morsel> morsels;
    const Schema& schema = *readers_[0]->schema();
    for (size_t f = 0; f < readers_.size(); ++f)
      for (size_t rg = 0; rg < readers_[f]->num_row_groups(); ++rg) {
        const RowGroupInfo& info = readers_[f]->row_group(rg);
        if (filter != nullptr) {
          std::vector<ColumnRange> ranges;
          for (size_t c = 0; c < schema.size() && c < info.columns.size(); ++c)
            ranges.push_back({schema.field(c).name, info.columns[c].min, info.columns[c].max});
          if (!MayMatch(*filter, ranges)) continue;
        }
        morsels.push_back({f, rg});
      }
    std::vector<size_t> mine;
    for (size_t m = share; m < morsels.size(); m += shares) mine.push_back(m);
    tbb::parallel_for(size_t{0}, mine.size(), [&](size_t i) {
      size_t m = mine[i];
      auto batches = readers_[morsels[m].file]->ReadRowGroup(morsels[m].row_group, columns);
      for (size_t b = 0; b < batches.size(); ++b) consumer(std::move(batches[b]), (m << 20) + b);
    });
  }

  std::vector<std::shared_ptr<ParquetReader>> readers_;
};

class CsvSource : public DataSource {
 public:
  CsvSource(std::string path, std::shared_ptr<const Schema> schema, CsvOptions format)
      : path_(std::move(path)), format_(std::move(format)) {
    // Opening now reports missing files and bad headers when the DataFrame is built.
    CsvReader reader(path_, std::move(schema), format_);
    schema_ = reader.schema();
  }
  const std::shared_ptr<const Schema>& schema() const override { return schema_; }
  std::string Describe() const override { return "csv(" + path_ + ")"; }
  std::vector<std::string> InputFiles() const override {
    std::error_code error;
    if (path_ == "-" || !std::filesystem::is_regular_file(path_, error)) return {};
    return {path_};
  }
  bool ParsesText() const override { return true; }
  size_t EstimatedBytes() const override {
    std::error_code error;
    auto bytes = std::filesystem::file_size(path_, error);
    if (error) return 0;
    // Parsed columns take about as much as the text; compressed text expands about 8x.
    bool compressed = path_.size() > 4 && (path_.ends_with(".zst") || path_.ends_with(".gz"));
    return static_cast<size_t>(bytes) * (compressed ? 8 : 1);
  }
  void Scan(const std::vector<int>& columns, const ExprNode*,
            const BatchConsumer& consumer) const override {
    Read(format_, columns, consumer);
  }
  bool CanScanShare() const override { return true; }
  void ScanShare(const std::vector<int>& columns, const ExprNode*, const BatchConsumer& consumer,
                 Communicator& comm) const override {
    Read(CsvShareOptions(path_, format_, comm), columns, consumer);
  }

 private:
  void Read(const CsvOptions& options, const std::vector<int>& columns,
            const BatchConsumer& consumer) const {
    CsvReader reader(path_, schema_, options);
    auto projected = ProjectSchema(*schema_, columns);
    reader.Scan(
        [&](Batch&& batch, size_t sequence) {
          Batch b;
          b.schema = projected;
          b.num_rows = batch.num_rows;
          for (int c : columns) b.columns.push_back(batch.columns[static_cast<size_t>(c)]);
          consumer(std::move(b), sequence);
        },
        /*ordered=*/false);
  }

  std::string path_;
  CsvOptions format_;
  std::shared_ptr<const Schema> schema_;
};

int CompareScalars(const Scalar& a, const Scalar& b, bool* ok) {
  // Only same-kind comparisons are used for pruning; anything else is "unknown".
  *ok = true;
  TypeId x = a.type().id, y = b.type().id;
  if (x == TypeId::kString && y == TypeId::kString)
    return a.string_value().compare(b.string_value());
  if (x == TypeId::kString || y == TypeId::kString || x == TypeId::kBool || y == TypeId::kBool) {
    *ok = false;
    return 0;
  }
  if (x == TypeId::kDate && y == TypeId::kDate) {
    int64_t p = a.int_value(), q = b.int_value();
    return p < q ? -1 : p > q;
  }
  if ((x == TypeId::kDate) != (y == TypeId::kDate) ||
      (x == TypeId::kTimestamp) != (y == TypeId::kTimestamp)) {
    *ok = false;
    return 0;
  }
  double p = a.ToDouble(), q = b.ToDouble();
  return p < q ? -1 : p > q;
}

}  // namespace

bool MayMatch(const ExprNode& filter, const std::vector<ColumnRange>& ranges) {
  const ExprNode& e = StripAlias(filter);
  if (e.kind != ExprKind::kCall) return true;
  if (e.name == "and") return MayMatch(*e.args[0], ranges) && MayMatch(*e.args[1], ranges);
  if (e.name == "or") return MayMatch(*e.args[0], ranges) || MayMatch(*e.args[1], ranges);
  static const std::vector<std::string> kOps = {"==", "!=", "<", "<=", ">", ">="};
  if (std::find(kOps.begin(), kOps.end(), e.name) == kOps.end() || e.args.size() != 2) return true;
  const ExprNode* column = e.args[0].get();
  const ExprNode* literal = e.args[1].get();
  std::string op = e.name;
  if (column->kind == ExprKind::kLiteral && literal->kind == ExprKind::kColumn) {
    std::swap(column, literal);
    op = op == "<" ? ">" : op == "<=" ? ">=" : op == ">" ? "<" : op == ">=" ? "<=" : op;
  }
  if (column->kind != ExprKind::kColumn || literal->kind != ExprKind::kLiteral) return true;
  if (literal->literal.is_null()) return false;  // comparisons with NULL are never true
  for (const auto& r : ranges) {
    if (r.name != column->name) continue;
    if (r.min.is_null() || r.max.is_null()) return true;
    Scalar v = literal->literal;
    // A string literal against a typed column means a value of that type.
    if (v.type().id == TypeId::kString && r.min.type().id != TypeId::kString) {
      try {
        v = Scalar::Parse(r.min.type(), v.string_value());
      } catch (const Error&) {
        return true;
      }
    }
    bool ok1, ok2;
    int vs_min = CompareScalars(v, r.min, &ok1);
    int vs_max = CompareScalars(v, r.max, &ok2);
    if (!ok1 || !ok2) return true;
    if (op == "==") return vs_min >= 0 && vs_max <= 0;
    if (op == "<") return vs_min > 0;  // some value < v  <=>  min < v
    if (op == "<=") return vs_min >= 0;
    if (op == ">") return vs_max < 0;  // max > v
    if (op == ">=") return vs_max <= 0;
    if (op == "!=") return !(vs_min == 0 && vs_max == 0);
    return true;
  }
  return true;
}

DataSourcePtr MakeMemorySource(std::shared_ptr<const Schema> schema, std::vector<Batch> batches) {
  return std::make_shared<MemorySource>(std::move(schema), std::move(batches), false);
}
DataSourcePtr MakeParquetSource(std::vector<std::string> paths) {
  return std::make_shared<ParquetSource>(std::move(paths));
}
void DataSource::ScanShare(const std::vector<int>&, const ExprNode*, const BatchConsumer&,
                           Communicator&) const {
  throw InternalError(Describe() + " cannot be split between ranks");
}

DataSourcePtr MakeRankLocalMemorySource(std::shared_ptr<const Schema> schema,
                                        std::vector<Batch> batches) {
  return std::make_shared<MemorySource>(std::move(schema), std::move(batches), true);
}

DataSourcePtr MakeCsvSource(std::string path, std::shared_ptr<const Schema> schema,
                            CsvOptions format) {
  return std::make_shared<CsvSource>(std::move(path), std::move(schema), std::move(format));
}

}  // namespace tally
