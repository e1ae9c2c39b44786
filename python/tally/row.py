"""Row: one result row, a tuple whose values are also reachable by name (pyspark.sql.Row)."""

__all__ = ["Row"]


class Row(tuple):
    """Row(name="Alice", age=11) or, from collect(), a row of the result's columns."""

    __fields__ = ()
    __slots__ = ()

    def __new__(cls, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Row takes positional or keyword values, not both")
        if kwargs:
            row = tuple.__new__(_row_class(tuple(kwargs)), tuple(kwargs.values()))
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive=False):
        return dict(zip(self.__fields__, self))

    def __getitem__(self, item):
        if isinstance(item, str):
            try:
                return tuple.__getitem__(self, self.__fields__.index(item))
            except ValueError:
                raise KeyError(item) from None
        return tuple.__getitem__(self, item)

    def __getattr__(self, item):
        if item.startswith("__"):
            raise AttributeError(item)
        try:
            return tuple.__getitem__(self, self.__fields__.index(item))
        except ValueError:
            raise AttributeError(item) from None

    def __contains__(self, item):
        return item in self.__fields__ if self.__fields__ else tuple.__contains__(self, item)

    def __repr__(self):
        if self.__fields__:
            return "Row(" + ", ".join(f"{k}={v!r}" for k, v in zip(self.__fields__, self)) + ")"
        return "<Row(" + ", ".join(repr(v) for v in self) + ")>"

    def __reduce__(self):
        return (_make_row, (self.__fields__, tuple(self)))


_classes = {}


def _row_class(fields):
    """A Row subclass for these field names (made once per set of names)."""
    cls = _classes.get(fields)
    if cls is None:
        cls = type("Row", (Row,), {"__fields__": fields, "__slots__": ()})
        _classes[fields] = cls
    return cls


def _make_row(fields, values):
    return tuple.__new__(_row_class(tuple(fields)), values)
