"""Column: an expression over a DataFrame's columns, as pyspark.sql.Column.

A Column wraps an engine expression. Window functions (`F.rank().over(w)`) are computed by the
DataFrame as hidden columns before the expression that uses them, so a Column also carries the
windows it needs.
"""
import itertools

from tally import _tally
from tally.types import ByteType, IntegerType, LongType, ShortType, _as_type

__all__ = ["Column"]

_window_ids = itertools.count()

# Spark's names of aggregates that also run over a window, as the engine names them there.
_WINDOW_AGGREGATES = {"sum": "sum", "mean": "mean", "avg": "mean", "min": "min", "max": "max",
                      "count": "count", "count_star": "count_star"}


def _to_column(value):
    """A Column from a Column, a column name (str) or, with literal=True, any literal."""
    if isinstance(value, Column):
        return value
    if isinstance(value, str):
        return Column(_tally.col(value))
    raise TypeError(f"expected a Column or a column name, got {type(value).__name__}")


def _literal_or_column(value):
    if isinstance(value, Column):
        return value
    return Column(_tally.lit(value))


def _merge_windows(*columns):
    windows = []
    seen = set()
    for c in columns:
        for w in c._windows:
            if w[0] not in seen:
                seen.add(w[0])
                windows.append(w)
    return tuple(windows)


class Column:
    __slots__ = ("_expr", "_windows", "_case", "_sql", "_name_hint")

    def __init__(self, expr, windows=(), case=None, sql=None, name_hint=None):
        self._expr = expr
        self._windows = windows
        self._case = case  # the (condition, value) list of a when() chain still open
        self._sql = sql  # SQL text (F.expr) bound where the column is used
        self._name_hint = name_hint  # the output name of a bare window column

    # ---- building ----
    def _call(self, name, *others):
        operands = [self] + [_literal_or_column(o) for o in others]
        for o in operands:
            o._check_bound()
        return Column(_tally.call(name, [o._expr for o in operands]), _merge_windows(*operands))

    def _reverse(self, name, other):
        return _literal_or_column(other)._call(name, self)

    def _check_bound(self):
        if self._sql is not None:
            raise TypeError(f"expr({self._sql!r}) can only be used on its own in select(), "
                            "withColumn() or filter(), not inside another expression")

    # ---- arithmetic: Spark's rules (/ is always a true division) ----
    def __add__(self, other):
        return self._call("+", other)

    def __radd__(self, other):
        return self._reverse("+", other)

    def __sub__(self, other):
        return self._call("-", other)

    def __rsub__(self, other):
        return self._reverse("-", other)

    def __mul__(self, other):
        return self._call("*", other)

    def __rmul__(self, other):
        return self._reverse("*", other)

    def __truediv__(self, other):
        return self.cast("double")._call("/", _literal_or_column(other).cast("double"))

    def __rtruediv__(self, other):
        return _literal_or_column(other).cast("double")._call("/", self.cast("double"))

    def __mod__(self, other):
        return self._call("%", other)

    def __rmod__(self, other):
        return self._reverse("%", other)

    def __neg__(self):
        return self._call("negate")

    # ---- comparisons and logic ----
    def __eq__(self, other):
        return self._call("==", other)

    def __ne__(self, other):
        return self._call("!=", other)

    def __lt__(self, other):
        return self._call("<", other)

    def __le__(self, other):
        return self._call("<=", other)

    def __gt__(self, other):
        return self._call(">", other)

    def __ge__(self, other):
        return self._call(">=", other)

    def __and__(self, other):
        return self._call("and", other)

    def __rand__(self, other):
        return self._reverse("and", other)

    def __or__(self, other):
        return self._call("or", other)

    def __ror__(self, other):
        return self._reverse("or", other)

    def __invert__(self):
        return self._call("not")

    def __bool__(self):
        raise ValueError("Cannot convert column into bool: please use '&' for 'and', '|' for "
                         "'or', '~' for 'not' when building DataFrame boolean expressions.")

    __hash__ = None

    def eqNullSafe(self, other):
        """Equal, with NULL equal to NULL (SQL's IS NOT DISTINCT FROM): never NULL."""
        other = _literal_or_column(other)
        both_null = self.isNull() & other.isNull()
        return Column(_tally.call("coalesce", [(self == other)._expr, both_null._expr]),
                      _merge_windows(self, other))

    def isNull(self):
        return self._call("is_null")

    def isNotNull(self):
        return self._call("is_not_null")

    def isin(self, *values):
        if len(values) == 1 and isinstance(values[0], (list, tuple, set)):
            values = list(values[0])
        if not values:
            return Column(_tally.lit(False))
        result = None
        for v in values:
            term = self == v
            result = term if result is None else (result | term)
        return result

    def between(self, lowerBound, upperBound):
        return (self >= lowerBound) & (self <= upperBound)

    def like(self, pattern):
        return self._call("like", pattern)

    def ilike(self, pattern):
        return self._call("ilike", pattern)

    def rlike(self, pattern):
        return self._call("regexp_like", pattern)

    def startswith(self, prefix):
        return self._call("starts_with", prefix)

    def endswith(self, suffix):
        return self._call("ends_with", suffix)

    def contains(self, part):
        return self._call("contains", part)

    def substr(self, startPos, length):
        return self._call("substring", startPos, length)

    # ---- types and names ----
    def cast(self, dataType):
        """Spark's casting rules: a double or decimal cast to an integer type truncates."""
        self._check_bound()
        t = _as_type(dataType)
        truncate = isinstance(t, (IntegerType, LongType, ShortType, ByteType))
        return Column(_tally.cast(self._expr, t.engine_name, truncate), self._windows)

    astype = cast

    def alias(self, *alias):
        if len(alias) != 1:
            raise ValueError("alias() takes one name")
        if self._sql is not None:
            return Column(None, sql=f"({self._sql}) AS \"{alias[0]}\"")
        return Column(self._expr.alias(alias[0]), self._windows)

    name = alias

    # ---- ordering ----
    def asc(self):
        return SortOrder(self, True, True)

    def asc_nulls_first(self):
        return SortOrder(self, True, True)

    def asc_nulls_last(self):
        return SortOrder(self, True, False)

    def desc(self):
        return SortOrder(self, False, False)

    def desc_nulls_first(self):
        return SortOrder(self, False, True)

    def desc_nulls_last(self):
        return SortOrder(self, False, False)

    # ---- when chains ----
    def when(self, condition, value):
        if self._case is None:
            raise TypeError("when() can only follow functions.when() or another when()")
        case = self._case + [_to_condition(condition), _literal_or_column(value)]
        return _case_column(case, False)

    def otherwise(self, value):
        if self._case is None:
            raise TypeError("otherwise() can only follow functions.when() or when()")
        return _case_column(self._case + [_literal_or_column(value)], True)

    # ---- windows ----
    def over(self, window):
        """This aggregate or ranking function computed over `window` (tally.Window)."""
        parts = self._expr.call_parts() if self._expr is not None else None
        if parts is None or parts[0] not in ("aggregate", "window"):
            raise TypeError(f"{self} is not an aggregate or window function")
        kind, name, args, param = parts
        if kind == "aggregate":
            if name not in _WINDOW_AGGREGATES:
                raise TypeError(f"{name}() cannot be computed over a window")
            function = _tally.window_call(_WINDOW_AGGREGATES[name], args, param)
        else:
            function = self._expr
        hidden = f"__window_{next(_window_ids)}"
        spec = window._spec if hasattr(window, "_spec") else window
        definition = (hidden, function, spec)
        return Column(_tally.col(hidden), self._windows + (definition,), name_hint=str(self))

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        raise AttributeError(f"Column has no attribute {item!r} (nested fields are not "
                             "supported)")

    def __repr__(self):
        return f"Column<'{self}'>"

    def __str__(self):
        if self._sql is not None:
            return self._sql
        return str(self._expr)

    def __iter__(self):
        raise TypeError("Column is not iterable")


def _to_condition(condition):
    if not isinstance(condition, Column):
        raise TypeError("the condition of when() must be a Column")
    return condition


def _case_column(case, has_else):
    for c in case:
        c._check_bound()
    expr = _tally.case_when([c._expr for c in case], has_else)
    return Column(expr, _merge_windows(*case), None if has_else else case)


class SortOrder:
    """A sort key: a column, its direction and where NULLs go (Spark: first when ascending)."""

    __slots__ = ("column", "ascending", "nulls_first")

    def __init__(self, column, ascending, nulls_first):
        self.column = column
        self.ascending = ascending
        self.nulls_first = nulls_first

    def __repr__(self):
        direction = "ASC" if self.ascending else "DESC"
        nulls = "NULLS FIRST" if self.nulls_first else "NULLS LAST"
        return f"SortOrder<'{self.column} {direction} {nulls}'>"
