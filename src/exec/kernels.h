#pragma once
// Factories of the vectorized expression kernels (one file per family), used by the binder.
#include <string>
#include <vector>

#include "exec/bound_expr.h"

namespace tally {

BoundExprPtr MakeLiteralExpr(Scalar value);
BoundExprPtr MakeColumnRefExpr(int index, DataType type);

// "+", "-", "*", "/", "%". Division or modulo by zero gives NULL, or with `zero_is_error`
// (SQL) fails.
BoundExprPtr MakeArithmetic(const std::string& op, BoundExprPtr left, BoundExprPtr right,
                            bool zero_is_error = false);
// "==", "!=", "<", "<=", ">", ">=".
BoundExprPtr MakeComparison(const std::string& op, BoundExprPtr left, BoundExprPtr right);
// "and", "or" (SQL three-valued logic), "not".
BoundExprPtr MakeLogical(const std::string& op, std::vector<BoundExprPtr> args);
BoundExprPtr MakeIsNull(BoundExprPtr child, bool negate);
BoundExprPtr MakeCoalesce(std::vector<BoundExprPtr> args);
// #in_list(x, v1, ..., vn), the values constant: x IN (v1, ..., vn) with x computed once.
BoundExprPtr MakeInList(std::vector<BoundExprPtr> args);
// args = [cond1, value1, ..., else?].
BoundExprPtr MakeCaseWhen(std::vector<BoundExprPtr> args, bool has_else);
// With `truncate`, doubles become integers and decimals toward zero (Spark) instead of rounded
// half away from zero (PostgreSQL).
BoundExprPtr MakeCastExpr(BoundExprPtr child, DataType type, bool truncate = false);
// "starts_with", "ends_with", "contains", "like" with a constant pattern.
BoundExprPtr MakeStringPredicate(const std::string& name, BoundExprPtr child, std::string pattern);
// "year", "month", "day" of a date or timestamp -> int32.
BoundExprPtr MakeDatePart(const std::string& part, BoundExprPtr child);
// unit "year", "month", "day"; the result has the input's type.
BoundExprPtr MakeDateTrunc(const std::string& unit, BoundExprPtr child);
// Whole days end - start of two dates/timestamps (times are dropped first) -> int32.
BoundExprPtr MakeDateDiffDays(BoundExprPtr end, BoundExprPtr start);

// upper/lower of every character (Unicode case mapping, as PostgreSQL in a UTF-8 database).
BoundExprPtr MakeCaseConversion(bool upper, BoundExprPtr child);
// Characters (UTF-8 code points) of a string -> int32.
BoundExprPtr MakeCharLength(BoundExprPtr child);
// Characters start .. start+count-1 (1-based, PostgreSQL's rules); count nullptr: to the end.
// start and count are int64.
BoundExprPtr MakeSubstring(BoundExprPtr text, BoundExprPtr start, BoundExprPtr count = nullptr);
// |x| of the input's type; an overflow (the smallest integer) is an error.
BoundExprPtr MakeAbs(BoundExprPtr child);
// sqrt, cbrt, exp, ln, log10, log (one argument: base 10; two: log(base, x)), power/pow, sign:
// doubles. floor, ceil/ceiling, trunc: doubles, exact for decimals, integers unchanged.
BoundExprPtr MakeFloatFunction(const std::string& name, std::vector<BoundExprPtr> args);
// x rounded to `digits` decimal places (negative: tens, hundreds...): decimals half away from
// zero at scale max(digits, 0), integers stay integers, doubles half to even at 0 digits.
BoundExprPtr MakeRound(BoundExprPtr child, int digits);

// date/timestamp + `amount` (int64) days, or months (clamped to the month's end); same type.
BoundExprPtr MakeAddInterval(BoundExprPtr base, BoundExprPtr amount, bool months);
// a || b || ...: NULL when any part is NULL.
BoundExprPtr MakeConcat(std::vector<BoundExprPtr> parts);

// Matches SQL LIKE: % any sequence, _ any one character (bytes), no escape character.
bool LikeMatch(std::string_view text, std::string_view pattern);

}  // namespace tally
