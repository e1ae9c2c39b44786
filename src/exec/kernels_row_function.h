#pragma once
// A scalar function computed row by row on Scalars (see kernels_row_function.cc).
#include <functional>
#include <vector>

#include "common/scalar.h"
#include "exec/bound_expr.h"

namespace tally {

// The function's value for one row's arguments; its result must have the function's type (or
// be NULL).
using RowFunction = std::function<Scalar(const std::vector<Scalar>& args)>;

// `strict`: NULL whenever an argument is NULL, without calling `fn`.
BoundExprPtr MakeRowFunction(DataType type, std::vector<BoundExprPtr> args, RowFunction fn,
                             bool strict = true);

}  // namespace tally
