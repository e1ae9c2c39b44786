#pragma once
// Factories of the vectorized expression kernels (one file per family), used by the binder.
#include <string>
#include <vector>

#include "exec/bound_expr.h"

namespace tally {

BoundExprPtr MakeLiteralExpr(Scalar value);
BoundExprPtr MakeColumnRefExpr(int index, DataType type);

// "+", "-", "*", "/", "%".
BoundExprPtr MakeArithmetic(const std::string& op, BoundExprPtr left, BoundExprPtr right);
// "==", "!=", "<", "<=", ">", ">=".
BoundExprPtr MakeComparison(const std::string& op, BoundExprPtr left, BoundExprPtr right);
// "and", "or" (SQL three-valued logic), "not".
BoundExprPtr MakeLogical(const std::string& op, std::vector<BoundExprPtr> args);
BoundExprPtr MakeIsNull(BoundExprPtr child, bool negate);
BoundExprPtr MakeCoalesce(std::vector<BoundExprPtr> args);
// args = [cond1, value1, ..., else?].
BoundExprPtr MakeCaseWhen(std::vector<BoundExprPtr> args, bool has_else);
BoundExprPtr MakeCastExpr(BoundExprPtr child, DataType type);
// "starts_with", "ends_with", "contains", "like" with a constant pattern.
BoundExprPtr MakeStringPredicate(const std::string& name, BoundExprPtr child, std::string pattern);
// "year", "month", "day" of a date or timestamp -> int32.
BoundExprPtr MakeDatePart(const std::string& part, BoundExprPtr child);
// unit "year", "month", "day"; the result has the input's type.
BoundExprPtr MakeDateTrunc(const std::string& unit, BoundExprPtr child);
// Whole days end - start of two dates/timestamps (times are dropped first) -> int32.
BoundExprPtr MakeDateDiffDays(BoundExprPtr end, BoundExprPtr start);

// Matches SQL LIKE: % any sequence, _ any one character (bytes), no escape character.
bool LikeMatch(std::string_view text, std::string_view pattern);

}  // namespace tally
