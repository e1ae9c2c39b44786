"""Charts an analyst would otherwise draw with matplotlib, drawn by the same SVG code as tally's
HTML report: bar, line, histogram and treemap. Each returns a Chart, which Jupyter shows inline
and .save("chart.svg") writes.

    from tally import charts
    charts.bar(monthly, x="month", y=["placed", "cancelled"], title="Orders per month")

The data may be a tally DataFrame (aggregated by the engine first: a chart draws what you give
it, at most a few thousand categories) or a pandas DataFrame.
"""
import datetime

from tally import _tally
from tally import functions as F
from tally._files import write_atomically

__all__ = ["Chart", "bar", "line", "histogram", "treemap"]

_MAX_CATEGORIES = 5000

# The report's chart styles, carried inside each SVG so that it looks the same anywhere.
_STYLE = (
    "<style>"
    ".chart-title{fill:#1f2328;font-size:16px;font-weight:600}"
    ".tick-label,.tick-label-sub,.legend-label,.axis-label{fill:#5b636b}"
    ".tick-label-sub{fill:#8a9199}.no-data{fill:#8a9199;font-size:14px}"
    ".outlier-note{fill:#5b636b;font-size:12px}"
    "</style>")


class Chart:
    """An SVG chart: shown inline by Jupyter, written by save()."""

    def __init__(self, svg):
        end = svg.index(">") + 1
        self.svg = svg[:end] + _STYLE + svg[end:]

    def _repr_svg_(self):
        return self.svg

    def __str__(self):
        return self.svg

    def save(self, path):
        """Writes the SVG to `path` (atomically)."""
        return write_atomically(path, self.svg)


def _rows(data, columns):
    """The columns' values as lists, from a tally or a pandas DataFrame."""
    from tally.dataframe import DataFrame
    if isinstance(data, DataFrame):
        rows = data.select(*columns).limit(_MAX_CATEGORIES + 1).collect()
        if len(rows) > _MAX_CATEGORIES:
            raise ValueError(f"more than {_MAX_CATEGORIES:,} categories to draw: aggregate "
                             "first (groupBy) or limit the rows")
        return [[r[i] for r in rows] for i in range(len(columns))]
    return [list(data[c]) for c in columns]


def _label(value):
    if value is None:
        return "NULL"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return _label(value.to_pydatetime())
    return str(value)


def _number(value):
    if value is None:
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"not a number: {value!r}") from None
    return None if v != v else v  # NaN and pandas' NA draw as missing


def _category_chart(draw, data, x, y, title, x_label, y_label, unit, **extra):
    ys = [y] if isinstance(y, str) else list(y)
    values = _rows(data, [x] + ys)
    categories = [_label(v) for v in values[0]]
    series = [(name, [_number(v) for v in column]) for name, column in zip(ys, values[1:])]
    default_title = ", ".join(ys) + " by " + x
    return Chart(draw(title or default_title, x if x_label is None else x_label,
                      (ys[0] if len(ys) == 1 else "") if y_label is None else y_label,
                      unit, categories, series, **extra))


def bar(data, x, y, title=None, x_label=None, y_label=None, unit="count", stacked=False):
    """Bars of y (a column or a list of columns) per value of x, in the rows' order. unit:
    "count", "gbp" (money) or "percent" (fractions: 0.25 is 25%)."""
    return _category_chart(_tally.bar_chart, data, x, y, title, x_label, y_label, unit,
                           stacked=stacked)


def line(data, x, y, title=None, x_label=None, y_label=None, unit="count"):
    """Lines of y (a column or a list of columns) through the values of x, in the rows' order."""
    return _category_chart(_tally.line_chart, data, x, y, title, x_label, y_label, unit)


def histogram(data, column, bins=30, range=None, title=None, x_label=None, unit="count",
              count_noun="rows"):
    """The distribution of a numeric column in `bins` equal bins over `range` (lo, hi; default:
    the column's min and max). With a tally DataFrame the engine counts the bins."""
    from tally.dataframe import DataFrame
    if bins < 1:
        raise ValueError("bins must be at least 1")
    if isinstance(data, DataFrame):
        c = F.col(column).cast("double")
        if range is None:
            stats = data.agg(F.min(c).alias("lo"), F.max(c).alias("hi")).first()
            lo, hi = stats.lo, stats.hi
        else:
            lo, hi = range
        counts = [0] * bins
        if lo is not None:
            width = (hi - lo) / bins if hi > lo else 1.0
            index = F.least(F.floor((c - lo) / width).cast("int"), F.lit(bins - 1))
            grouped = (data.filter(c.between(lo, hi)).select(index.alias("bin"))
                       .groupBy("bin").count().collect())
            for row in grouped:
                counts[row.bin] = row["count"]
        else:
            lo, width = 0.0, 1.0
    else:
        import numpy as np
        values = np.asarray(data[column], dtype=float)
        values = values[~np.isnan(values)]
        counts_np, edges = np.histogram(values, bins=bins, range=range)
        counts = [int(v) for v in counts_np]
        lo, width = float(edges[0]), float(edges[1] - edges[0])
    return Chart(_tally.histogram_chart(title or f"Distribution of {column}",
                                        column if x_label is None else x_label, count_noun,
                                        unit, float(lo), float(width), counts, count_noun))


def treemap(data, names, values, title=None):
    """Tiles whose areas are the values (positive ones), labelled with the names."""
    rows = _rows(data, [names, values])
    total = sum(_number(v) or 0 for v in rows[1])
    items = []
    for name, value in zip(*rows):
        v = _number(value) or 0.0
        share = f" ({100 * v / total:.1f}%)" if total > 0 else ""
        items.append((_label(name), v, f"{v:,.0f}{share}"))
    return Chart(_tally.treemap_chart(title or f"{values} by {names}", items))

