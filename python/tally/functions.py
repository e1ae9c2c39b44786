"""Column functions, named as in pyspark.sql.functions.

    from tally import functions as F      # instead of: from pyspark.sql import functions as F

Every function builds an engine expression; nothing runs until an action (collect, toPandas,
show, count...). Aggregates go in agg(); ranking and offset functions take .over(window).
"""
from tally import _tally
from tally.column import Column, SortOrder, _case_column, _literal_or_column, _to_column

__all__ = [
    "col", "column", "lit", "expr", "when", "coalesce", "greatest", "least", "isnull", "nanvl",
    "sum", "avg", "mean", "count", "countDistinct", "count_distinct", "approx_count_distinct",
    "sum_distinct", "sumDistinct",
    "min", "max", "first", "median", "mode", "percentile_approx", "percentile", "stddev",
    "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop",
    "year", "quarter", "month", "dayofmonth", "dayofweek", "dayofyear", "weekofyear", "hour",
    "minute", "second", "date_trunc", "trunc", "to_date", "datediff", "date_add", "date_sub",
    "concat", "concat_ws", "substring", "lower", "upper", "length", "trim", "ltrim", "rtrim",
    "regexp_replace", "split_part", "initcap", "reverse", "repeat",
    "round", "abs", "sqrt", "floor", "ceil", "exp", "log", "log10", "log2", "pow", "signum",
    "lag", "lead", "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile",
    "asc", "desc", "asc_nulls_first", "asc_nulls_last", "desc_nulls_first", "desc_nulls_last",
]


def _c(value):
    return _to_column(value)


def _call(name, *args):
    cols = [a if isinstance(a, Column) else _c(a) for a in args]
    return cols[0]._call(name, *cols[1:]) if cols else Column(_tally.call(name, []))


def _aggregate(name, value, param=0.0):
    c = _c(value)
    c._check_bound()
    return Column(_tally.aggregate(name, [c._expr], param))


# ---- columns and literals ----
def col(name):
    """The column called `name` (of whichever input has it)."""
    return Column(_tally.col(name))


column = col


def lit(value):
    """A literal: int, float, str, bool, None, datetime.date, datetime.datetime, Decimal."""
    if isinstance(value, Column):
        return value
    return Column(_tally.lit(value))


def expr(text):
    """A SQL expression (PostgreSQL's dialect) over the DataFrame's columns."""
    return Column(None, sql=text)


def when(condition, value):
    """CASE WHEN: chain .when(...) and end with .otherwise(...) (without it: NULL)."""
    if not isinstance(condition, Column):
        raise TypeError("the condition of when() must be a Column")
    return _case_column([condition, _literal_or_column(value)], False)


def coalesce(*cols):
    return _call("coalesce", *cols)


def greatest(*cols):
    return _call("greatest", *cols)


def least(*cols):
    return _call("least", *cols)


def isnull(c):
    return _c(c).isNull()


def nanvl(col1, col2):
    a, b = _c(col1), _c(col2)
    return when(a != a, b).otherwise(a)


# ---- aggregates ----
def sum(c):  # noqa: A001 (Spark's name)
    return _aggregate("sum", c)


def sum_distinct(c):
    """The sum of the column's distinct values."""
    return _aggregate("sum#distinct", c)


sumDistinct = sum_distinct


def avg(c):
    return _aggregate("mean", c)


mean = avg


def count(c):
    """count("*") or count(lit(1)) counts rows; count(column) its non-NULL values."""
    if isinstance(c, str) and c == "*":
        return Column(_tally.aggregate("count_star", []))
    if isinstance(c, Column) and c._expr is not None and str(c._expr) in ("1", "*"):
        return Column(_tally.aggregate("count_star", []))
    return _aggregate("count", c)


def countDistinct(c, *more):
    if more:
        raise NotImplementedError("countDistinct of several columns: count the distinct rows "
                                  "of a select() instead")
    return _aggregate("count_distinct", c)


count_distinct = countDistinct


def approx_count_distinct(c, rsd=None):
    """The exact count of distinct values (tally does not approximate)."""
    return _aggregate("count_distinct", c)


def min(c):  # noqa: A001
    return _aggregate("min", c)


def max(c):  # noqa: A001
    return _aggregate("max", c)


def first(c, ignorenulls=False):
    return _aggregate("first", c)


def median(c):
    """The interpolated median (as Spark's median and pandas)."""
    return _aggregate("median", c, 0.5)


def mode(c):
    return _aggregate("mode", c)


def percentile_approx(c, percentage, accuracy=10000):
    """The exact element quantile: the smallest value with at least `percentage` of the values
    at or below it (what percentile_approx approximates)."""
    if isinstance(percentage, (list, tuple)):
        raise NotImplementedError("percentile_approx with a list of percentages: call it once "
                                  "per percentage")
    return _aggregate("quantile_element", c, float(percentage))


def percentile(c, percentage):
    """The interpolated quantile (as Spark's percentile and pandas' quantile)."""
    return _aggregate("quantile_interp", c, float(percentage))


def stddev_samp(c):
    return _aggregate("stddev_samp", c)


stddev = stddev_samp


def stddev_pop(c):
    return _aggregate("stddev_pop", c)


def var_samp(c):
    return _aggregate("var_samp", c)


variance = var_samp


def var_pop(c):
    return _aggregate("var_pop", c)


# ---- dates and times ----
def _part(field, c):
    return Column(_tally.call("date_part", [_tally.lit(field), _c(c)._expr]))


def year(c):
    return _part("year", c).cast("int")


def quarter(c):
    return _part("quarter", c).cast("int")


def month(c):
    return _part("month", c).cast("int")


def dayofmonth(c):
    return _part("day", c).cast("int")


def dayofweek(c):
    """1 = Sunday ... 7 = Saturday, as Spark."""
    return (_part("dow", c) + 1).cast("int")


def dayofyear(c):
    return _part("doy", c).cast("int")


def weekofyear(c):
    """The ISO 8601 week number."""
    return _part("week", c).cast("int")


def hour(c):
    return _part("hour", c).cast("int")


def minute(c):
    return _part("minute", c).cast("int")


def second(c):
    return _part("second", c).cast("int")


def date_trunc(format, timestamp):  # noqa: A002 (Spark's name)
    """The timestamp truncated to a unit: year, quarter, month, week, day, hour, minute, second."""
    unit = {"yyyy": "year", "yy": "year", "mm": "month", "mon": "month", "dd": "day"}.get(
        format.lower(), format.lower())
    return Column(_tally.call("date_trunc", [_tally.lit(unit), _c(timestamp)._expr]))


def trunc(date, format):  # noqa: A002
    """The date truncated to a unit (year, quarter, month, week), as a date."""
    return to_date(date_trunc(format, date))


def to_date(c, format=None):  # noqa: A002
    if format is not None:
        raise NotImplementedError("to_date with a format: give ISO dates (yyyy-MM-dd) or cast "
                                  "with expr(\"to_date(text, 'DD/MM/YYYY')\")")
    return _c(c).cast("date")


def datediff(end, start):
    """Days from start to end."""
    return Column(_tally.call("date_diff_days", [_c(end)._expr, _c(start)._expr]))


def date_add(start, days):
    """The date `days` days after start's date."""
    return _c(start).cast("date")._call("add_days", _literal_or_column(days).cast("bigint"))


def date_sub(start, days):
    return _c(start).cast("date")._call("add_days", -_literal_or_column(days).cast("bigint"))


# ---- strings ----
def concat(*cols):
    """The strings joined; NULL when any is NULL (as Spark)."""
    result = None
    for c in cols:
        c = _c(c)
        result = c if result is None else result._call("||", c)
    return result


def concat_ws(sep, *cols):
    """The non-NULL strings joined with `sep`."""
    return Column(_tally.call("concat_ws", [_tally.lit(sep)] + [_c(c)._expr for c in cols]))


def substring(c, pos, len):  # noqa: A002
    return _c(c)._call("substring", pos, len)


def lower(c):
    return _call("lower", c)


def upper(c):
    return _call("upper", c)


def length(c):
    return _call("length", c).cast("int")


def trim(c):
    return _call("btrim", c)


def ltrim(c):
    return _call("ltrim", c)


def rtrim(c):
    return _call("rtrim", c)


def regexp_replace(string, pattern, replacement):
    """Every match of the regular expression replaced (as Spark)."""
    return _c(string)._call("regexp_replace", pattern, replacement, "g")


def split_part(src, delimiter, partNum):
    return _c(src)._call("split_part", delimiter, partNum)


def initcap(c):
    return _call("initcap", c)


def reverse(c):
    return _call("reverse", c)


def repeat(c, n):
    return _c(c)._call("repeat", n)


# ---- numbers ----
def round(c, scale=0):  # noqa: A001
    return _c(c)._call("round", scale) if scale else _call("round", c)


def abs(c):  # noqa: A001
    return _call("abs", c)


def sqrt(c):
    return _call("sqrt", c)


def floor(c):
    return _call("floor", c)


def ceil(c):
    return _call("ceil", c)


def exp(c):
    return _call("exp", c)


def log(arg1, arg2=None):
    """log(x) is the natural logarithm; log(base, x) the logarithm to that base (as Spark)."""
    if arg2 is None:
        return _call("ln", arg1)
    return _literal_or_column(arg1)._call("log", _c(arg2))


def log10(c):
    return _call("log10", c)


def log2(c):
    return log(2.0, c)


def pow(c1, c2):  # noqa: A001
    return _literal_or_column(c1)._call("power", c2)


def signum(c):
    return _call("sign", c)


# ---- window functions (use with .over(window)) ----
def _window(name, args=(), param=0.0):
    return Column(_tally.window_call(name, [a._expr for a in args], param))


def row_number():
    return _window("row_number")


def rank():
    return _window("rank")


def dense_rank():
    return _window("dense_rank")


def percent_rank():
    return _window("percent_rank")


def cume_dist():
    return _window("cume_dist")


def ntile(n):
    return _window("ntile", (), float(n))


def lag(c, offset=1, default=None):
    args = [_c(c)]
    if default is not None:
        args.append(lit(default))
    return _window("lag", args, float(offset))


def lead(c, offset=1, default=None):
    args = [_c(c)]
    if default is not None:
        args.append(lit(default))
    return _window("lead", args, float(offset))


# ---- sort orders ----
def asc(c):
    return SortOrder(_c(c), True, True)


def desc(c):
    return SortOrder(_c(c), False, False)


def asc_nulls_first(c):
    return SortOrder(_c(c), True, True)


def asc_nulls_last(c):
    return SortOrder(_c(c), True, False)


def desc_nulls_first(c):
    return SortOrder(_c(c), False, True)


def desc_nulls_last(c):
    return SortOrder(_c(c), False, False)
