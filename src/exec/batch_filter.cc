#include "exec/batch_filter.h"

namespace tally {

BatchFilter::BatchFilter(const ExprPtr& predicate, const Schema& schema) {
  for (const ExprPtr& conjunct : SplitConjuncts(predicate))
    conjuncts_.push_back(Bind(*conjunct, schema));
}

namespace {

Batch NoRows(Batch batch) {
  for (auto& c : batch.columns) c = c->Slice(0, 0);
  batch.selection = nullptr;
  batch.num_rows = 0;
  return batch;
}

}  // namespace

Batch BatchFilter::Apply(Batch batch) const {
  // `view` is the batch restricted to the rows kept so far.
  Batch view = batch;
  for (const BoundExprPtr& conjunct : conjuncts_) {
    if (view.num_rows == 0) break;
    Datum d = conjunct->Evaluate(view);
    if (d.is_scalar()) {
      if (d.scalar.is_null() || !d.scalar.bool_value()) return NoRows(std::move(batch));
      continue;
    }
    const Column& mask = *d.column;
    const uint8_t* m = mask.data<uint8_t>();
    bool nulls = mask.HasNulls();
    std::vector<uint32_t> kept(view.num_rows);
    size_t n = 0;
    for (size_t i = 0; i < view.num_rows; ++i) {  // without branches: the mask is 0 or 1
      kept[n] = static_cast<uint32_t>(i);
      n += (m[i] != 0) & (!nulls || mask.IsValid(i));
    }
    kept.resize(n);
    if (kept.size() == view.num_rows) continue;
    view.num_rows = kept.size();
    view.selection = SelectRows(view, std::move(kept));
  }
  if (view.num_rows == 0) return NoRows(std::move(batch));
  return view;
}

}  // namespace tally
