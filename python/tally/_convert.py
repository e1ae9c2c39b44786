"""Results to pandas: NumPy arrays made by the engine, one per column, wrapped without a
Python object per number or timestamp."""


def to_pandas(result, exact_decimals):
    import numpy as np
    import pandas as pd

    names = []
    series = []
    for name, kind, values, mask in result.columns(exact_decimals):
        names.append(name)
        if mask is not None and kind in ("int32", "int64"):
            # Integers with NULLs: pandas' nullable integers (Int32, Int64).
            values = pd.arrays.IntegerArray(values, mask)
        elif mask is not None and kind == "bool":
            values = pd.arrays.BooleanArray(values, mask)
        elif kind == "date":
            values = _dates(values, pd, np)
        elif kind == "timestamp":
            values = _timestamps(values, pd, np)
        series.append(pd.Series(values, copy=False))
    frame = pd.concat(series, axis=1, copy=False) if series else pd.DataFrame()
    if series:
        frame.columns = names
    else:
        frame = pd.DataFrame(columns=[s[0] for s in result.schema()])
    return frame


def _in_pandas_range(values, np):
    # pandas holds datetimes as nanoseconds: years 1677 to 2262.
    valid = values[~np.isnat(values)]
    if valid.size == 0:
        return True
    return (valid.min() >= np.datetime64("1677-09-22") and
            valid.max() <= np.datetime64("2262-04-11"))


def _dates(values, pd, np):
    """Dates as datetime64[ns] (pandas' form), or date objects when out of its range."""
    if _in_pandas_range(values, np):
        return values.astype("datetime64[ns]")
    return values.astype(object)


def _timestamps(values, pd, np):
    if _in_pandas_range(values, np):
        return values.astype("datetime64[ns]")
    return values.astype(object)
