#pragma once
// A filter over batches that copies nothing: the predicate's conjuncts are evaluated one after
// another, each only on the rows the ones before kept, and the rows that pass are handed on as
// the batch's selection (see Batch::selection). A selective first conjunct so spares the others
// most of their work, and an error that only excluded rows would raise never fires.
#include <vector>

#include "exec/bound_expr.h"
#include "exec/expr.h"

namespace tally {

class BatchFilter {
 public:
  // `predicate` over `schema`'s columns (by name).
  BatchFilter(const ExprPtr& predicate, const Schema& schema);

  // The rows of `batch` where the predicate is true (NULL counts as false): `batch` itself when
  // every row is, empty columns when none is, else `batch` with a selection of them.
  Batch Apply(Batch batch) const;

 private:
  std::vector<BoundExprPtr> conjuncts_;
};

}  // namespace tally
