#include "exec/materialize.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <mutex>

#include "common/memory_budget.h"
#include "exec/column_util.h"
#include "exec/spill_file.h"

namespace tally {
namespace {

Batch SelectColumns(Batch b, const std::vector<int>& columns,
                    const std::shared_ptr<const Schema>& schema) {
  std::vector<ColumnPtr> selected;
  for (int c : columns) selected.push_back(b.columns[static_cast<size_t>(c)]);
  b.columns = std::move(selected);
  b.schema = schema;
  return b;
}

}  // namespace

// A kept result: batches in memory (with their reservation) or blocks of a spill file, each
// with the sequence number it came with, scanned in that order.
class MaterializedSource : public DataSource {
 public:
  // Holds the context: the reservation is on its budget.
  MaterializedSource(std::shared_ptr<const Schema> schema, bool rank_local, QueryContextPtr context)
      : schema_(std::move(schema)),
        rank_local_(rank_local),
        context_(std::move(context)),
        reservation_(context_->budget()) {}

  const std::shared_ptr<const Schema>& schema() const override { return schema_; }
  std::string Describe() const override {
    return fmt::format("cache({} rows{}{})", rows_, file_ ? ", spilled" : "",
                       rank_local_ ? " of this rank" : "");
  }
  bool IsRankLocal() const override { return rank_local_; }
  int64_t KnownRows() const override { return static_cast<int64_t>(rows_); }
  bool spilled() const { return file_ != nullptr; }
  void Scan(const std::vector<int>& columns, const ExprNode*,
            const BatchConsumer& consumer) const override {
    auto schema = ProjectSchema(*schema_, columns);
    size_t parts = file_ ? order_.size() : batches_.size();
    tbb::parallel_for(size_t{0}, parts, [&](size_t i) {
      Batch b = file_ ? file_->ReadBlock(order_[i].second) : batches_[i].second;
      consumer(SelectColumns(std::move(b), columns, schema), i);
    });
  }

  // Adds a batch (any thread).
  void Add(Batch&& b, size_t sequence) {
    if (b.num_rows == 0) return;
    std::unique_lock<std::mutex> lock(mutex_);
    rows_ += b.num_rows;
    if (!file_) {
      if (reservation_.TryGrow(b.MemoryBytes())) {
        batches_.emplace_back(sequence, std::move(b));
        return;
      }
      // Past the budget: everything kept so far moves to disk.
      file_ = std::make_shared<SpillFile>(schema_, context_->spill_temp_dir());
      for (auto& [seq, kept] : batches_) Append(kept, seq);
      batches_.clear();
      reservation_.Reset();
    }
    lock.unlock();
    std::string block = EncodeBatch(b);
    lock.lock();
    file_->AppendEncoded(block);
    order_.emplace_back(sequence, file_->num_blocks() - 1);
  }

  void Finish() {
    std::sort(batches_.begin(), batches_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::sort(order_.begin(), order_.end());
  }

 private:
  void Append(const Batch& b, size_t sequence) {
    file_->Append(b);
    order_.emplace_back(sequence, file_->num_blocks() - 1);
  }

  std::shared_ptr<const Schema> schema_;
  bool rank_local_;
  QueryContextPtr context_;
  std::mutex mutex_;
  MemoryReservation reservation_;
  std::vector<std::pair<size_t, Batch>> batches_;
  SpillFilePtr file_;
  std::vector<std::pair<size_t, size_t>> order_;  // (sequence, block) of the spill file
  size_t rows_ = 0;
};

BatchCollector::BatchCollector(std::shared_ptr<const Schema> schema, QueryContextPtr context)
    : source_(std::make_shared<MaterializedSource>(std::move(schema), false, std::move(context))) {}

void BatchCollector::Add(Batch&& b, size_t sequence) {
  source_->Add(std::move(b), sequence);
}

bool BatchCollector::spilled() const {
  return source_->spilled();
}

DataSourcePtr BatchCollector::Finish() {
  source_->Finish();
  return source_;
}

DataSourcePtr Materialize(std::shared_ptr<const Schema> schema,
                          const std::function<void(const BatchConsumer&)>& run, bool rank_local,
                          QueryContextPtr context) {
  auto source =
      std::make_shared<MaterializedSource>(std::move(schema), rank_local, std::move(context));
  run([&](Batch&& b, size_t sequence) { source->Add(std::move(b), sequence); });
  source->Finish();
  return source;
}

}  // namespace tally
