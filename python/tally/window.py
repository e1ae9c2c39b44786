"""Window specifications, as pyspark.sql.Window:

    w = Window.partitionBy("country").orderBy(F.desc("revenue"))
    df.withColumn("rank", F.rank().over(w))
"""
from tally.column import SortOrder, _to_column

__all__ = ["Window", "WindowSpec"]

_UNBOUNDED = 1 << 62  # offsets at or beyond this are unbounded (Spark uses +-2^63)


def _bound(value, preceding_side):
    if value <= -_UNBOUNDED:
        return ("unbounded_preceding", 0)
    if value >= _UNBOUNDED:
        return ("unbounded_following", 0)
    if value == 0:
        return ("current_row", 0)
    return ("preceding", -value) if value < 0 else ("following", value)


def _flatten(cols):
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


class WindowSpec:
    def __init__(self, partition=(), order=(), frame=None):
        self._partition = tuple(partition)
        self._order = tuple(order)
        self._frame = frame  # (rows, start kind, start offset, end kind, end offset) or None

    @property
    def _spec(self):
        return self

    def partitionBy(self, *cols):
        return WindowSpec([_to_column(c) for c in _flatten(cols)], self._order, self._frame)

    def orderBy(self, *cols):
        keys = []
        for c in _flatten(cols):
            keys.append(c if isinstance(c, SortOrder) else _to_column(c).asc())
        return WindowSpec(self._partition, keys, self._frame)

    def rowsBetween(self, start, end):
        return WindowSpec(self._partition, self._order,
                          (True,) + _bound(start, True) + _bound(end, False))

    def rangeBetween(self, start, end):
        for v in (start, end):
            if -_UNBOUNDED < v < _UNBOUNDED and v != 0:
                raise NotImplementedError("rangeBetween with offsets: use rowsBetween, or "
                                          "unboundedPreceding/currentRow/unboundedFollowing")
        return WindowSpec(self._partition, self._order,
                          (False,) + _bound(start, True) + _bound(end, False))


class Window:
    unboundedPreceding = -(1 << 63)
    unboundedFollowing = (1 << 63) - 1
    currentRow = 0

    @staticmethod
    def partitionBy(*cols):
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(*cols):
        return WindowSpec().orderBy(*cols)

    @staticmethod
    def rowsBetween(start, end):
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start, end):
        return WindowSpec().rangeBetween(start, end)
