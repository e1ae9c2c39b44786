"""DataFrame: a lazy query on tally's engine, with pyspark.sql.DataFrame's methods.

Transformations (select, filter, groupBy, join...) build the engine's plan and return a new
DataFrame; actions (collect, count, show, toPandas, write) optimize and run it on all cores.
"""
from tally import _tally
from tally._convert import to_pandas
from tally._display import html_table, show_text
from tally.column import Column, SortOrder, _merge_windows
from tally.row import _row_class
from tally.types import StructField, StructType, _from_engine

__all__ = ["DataFrame", "GroupedData", "DataFrameWriter"]


def _flatten(cols):
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


class DataFrame:
    def __init__(self, native, session):
        self._df = native
        self._session = session

    def _new(self, native):
        return DataFrame(native, self._session)

    # ---- schema ----
    @property
    def schema(self):
        return StructType([StructField(name, _from_engine(kind), nullable)
                           for name, kind, nullable in self._df.schema()])

    @property
    def columns(self):
        return [name for name, _, _ in self._df.schema()]

    @property
    def dtypes(self):
        return [(f.name, f.dataType.simpleString()) for f in self.schema]

    def printSchema(self):
        print(self._schema_text(), end="")

    def _schema_text(self):
        lines = ["root"]
        for f in self.schema:
            lines.append(f" |-- {f.name}: {f.dataType.simpleString()} "
                         f"(nullable = {str(f.nullable).lower()})")
        return "\n".join(lines) + "\n"

    def __getitem__(self, item):
        if isinstance(item, str):
            return Column(self._df.column(item))
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        raise TypeError(f"unexpected item type: {type(item).__name__}")

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self.columns:
            return Column(self._df.column(name))
        raise AttributeError(f"'DataFrame' object has no attribute '{name}'")

    # ---- resolving columns against this DataFrame ----
    def _resolve(self, c):
        """The Column as an engine expression over this DataFrame (SQL text bound here)."""
        if isinstance(c, str):
            return Column(_tally.col(c))
        if not isinstance(c, Column):
            raise TypeError(f"expected a Column or a column name, got {type(c).__name__}")
        if c._sql is not None:
            expr = _tally.expression_on(self._df, c._sql)
            if expr.output_name() == "?column?":
                expr = expr.alias(c._sql)
            return Column(expr)
        if c._name_hint is not None:
            return Column(c._expr.alias(c._name_hint), c._windows)
        return c

    def _with_windows(self, cols):
        """This plan with every window the columns need computed as a hidden column."""
        native = self._df
        for hidden, function, spec in _merge_windows(*cols):
            partition = [self._resolve(p)._expr for p in spec._partition]
            order = [(self._resolve(o.column)._expr, o.ascending, o.nulls_first)
                     for o in spec._order]
            native = native.with_window(hidden, function, partition, order, spec._frame)
        return native

    def _keep_columns(self, native, names):
        return native.select([_tally.col(n) for n in names])

    # ---- transformations ----
    def select(self, *cols):
        cols = _flatten(cols)
        resolved = []
        for c in cols:
            if isinstance(c, str) and c == "*":
                resolved.extend(Column(_tally.col(n)) for n in self.columns)
            else:
                resolved.append(self._resolve(c))
        native = self._with_windows(resolved)
        return self._new(native.select([c._expr for c in resolved]))

    def selectExpr(self, *exprs):
        exprs = _flatten(exprs)
        return self._new(_tally.query_on(self._df, "SELECT " + ", ".join(exprs) +
                                         " FROM __input__"))

    def filter(self, condition):
        if isinstance(condition, str):
            return self._new(_tally.query_on(self._df, "SELECT * FROM __input__ WHERE " +
                                             condition))
        c = self._resolve(condition)
        if not c._windows:
            return self._new(self._df.filter(c._expr))
        native = self._with_windows([c]).filter(c._expr)
        return self._new(self._keep_columns(native, self.columns))

    where = filter

    def withColumn(self, colName, col):
        if not isinstance(col, Column):
            raise TypeError("withColumn() needs a Column (use F.lit() for a constant)")
        c = self._resolve(col)
        if not c._windows:
            return self._new(self._df.with_column(colName, c._expr))
        names = self.columns
        native = self._with_windows([c]).with_column(colName, c._expr)
        return self._new(self._keep_columns(native, names + ([] if colName in names
                                                             else [colName])))

    def withColumns(self, colsMap):
        df = self
        for name, c in colsMap.items():
            df = df.withColumn(name, c)
        return df

    def withColumnRenamed(self, existing, new):
        if existing not in self.columns:
            return self
        return self._new(self._df.select([
            _tally.col(n).alias(new) if n == existing else _tally.col(n) for n in self.columns]))

    def withColumnsRenamed(self, colsMap):
        df = self
        for old, new in colsMap.items():
            df = df.withColumnRenamed(old, new)
        return df

    def toDF(self, *cols):
        cols = _flatten(cols)
        if len(cols) != len(self.columns):
            raise ValueError(f"toDF() needs {len(self.columns)} names, got {len(cols)}")
        return self._new(self._df.select([_tally.col(o).alias(n)
                                          for o, n in zip(self.columns, cols)]))

    def drop(self, *cols):
        names = set()
        for c in _flatten(cols):
            names.add(c if isinstance(c, str) else str(c))
        return self._new(self._keep_columns(self._df, [n for n in self.columns
                                                       if n not in names]))

    def groupBy(self, *cols):
        return GroupedData(self, [self._resolve(c) for c in _flatten(cols)])

    groupby = groupBy

    def agg(self, *exprs):
        return GroupedData(self, []).agg(*exprs)

    def orderBy(self, *cols, ascending=None):
        cols = _flatten(cols)
        if isinstance(ascending, (list, tuple)):
            if len(ascending) != len(cols):
                raise ValueError("ascending has a value per sort column")
            directions = list(ascending)
        else:
            directions = [True if ascending is None else bool(ascending)] * len(cols)
        keys = []
        for c, up in zip(cols, directions):
            if isinstance(c, SortOrder):
                keys.append(SortOrder(self._resolve(c.column), c.ascending, c.nulls_first))
            else:
                column = self._resolve(c)
                keys.append(SortOrder(column, up, up))  # Spark: NULLs first ascending, last descending
        columns = [k.column for k in keys]
        native = self._with_windows(columns)
        sorted_native = native.order_by([(k.column._expr, k.ascending, k.nulls_first)
                                         for k in keys])
        if _merge_windows(*columns):
            sorted_native = self._keep_columns(sorted_native, self.columns)
        return self._new(sorted_native)

    sort = orderBy

    def limit(self, num):
        return self._new(self._df.limit(int(num)))

    def offset(self, num):
        return self._new(self._df.limit(-1, int(num)))

    def distinct(self):
        return self._new(self._df.distinct())

    def dropDuplicates(self, subset=None):
        if subset is None or set(subset) >= set(self.columns):
            return self.distinct()
        for name in subset:
            if name not in self.columns:
                raise _tally.AnalysisError(f'column "{name}" does not exist')
        # The first row of each group of equal subset values, in input order.
        keep = "__first_of_group"
        native = self._df.with_window(keep, _tally.window_call("row_number", []),
                                      [_tally.col(n) for n in subset], [], None)
        native = native.filter(_tally.call("==", [_tally.col(keep), _tally.lit(1)]))
        return self._new(self._keep_columns(native, self.columns))

    drop_duplicates = dropDuplicates

    def join(self, other, on=None, how=None):
        how = _join_type(how)
        if on is None:
            if how != "inner":
                raise ValueError("a join without `on` is a cross join: use crossJoin()")
            return self.crossJoin(other)
        if isinstance(on, str):
            on = [on]
        if isinstance(on, (list, tuple)) and all(isinstance(k, str) for k in on):
            return self._new(self._df.join_keys(other._df, list(on), how))
        if isinstance(on, (list, tuple)):
            condition = None
            for c in on:
                condition = c if condition is None else condition & c
            on = condition
        if not isinstance(on, Column):
            raise TypeError("join's `on` is a column name, a list of names or a Column")
        if on._windows or on._sql is not None:
            raise TypeError("a join condition cannot use window functions or expr()")
        return self._new(self._df.join_on(other._df, on._expr, how))

    def crossJoin(self, other):
        return self._new(self._df.cross_join(other._df))

    def union(self, other):
        """The rows of both, matched by position (duplicates kept, as Spark's union)."""
        if len(self.columns) != len(other.columns):
            raise _tally.AnalysisError(
                f"union needs the same number of columns: {len(self.columns)} and "
                f"{len(other.columns)}")
        return self._new(self._df.union_all(other._df))

    unionAll = union

    def unionByName(self, other, allowMissingColumns=False):
        mine, theirs = self.columns, other.columns
        missing = [n for n in mine if n not in theirs]
        extra = [n for n in theirs if n not in mine]
        if (missing or extra) and not allowMissingColumns:
            raise _tally.AnalysisError(
                f"unionByName: columns {missing or extra} are not in both DataFrames")
        types = dict((n, t) for n, t, _ in self._df.schema())
        types.update((n, t) for n, t, _ in other._df.schema() if n not in types)
        order = mine + extra

        def side(df, names):
            return df._df.select([
                _tally.col(n) if n in names else
                _tally.cast(_tally.lit(None), types[n]).alias(n) for n in order])

        return self._new(side(self, mine).union_all(side(other, theirs)))

    def dropna(self, how="any", thresh=None, subset=None):
        names = list(subset) if subset else self.columns
        if isinstance(subset, str):
            names = [subset]
        present = [_tally.call("is_not_null", [_tally.col(n)]) for n in names]
        if thresh is None:
            thresh = len(names) if how == "any" else 1
        count = None
        for p in present:
            term = _tally.case_when([p, _tally.lit(1), _tally.lit(0)], True)
            count = term if count is None else _tally.call("+", [count, term])
        if count is None:
            return self
        return self._new(self._df.filter(_tally.call(">=", [count, _tally.lit(int(thresh))])))

    def fillna(self, value, subset=None):
        if isinstance(value, dict):
            fills = value
        else:
            names = [subset] if isinstance(subset, str) else (list(subset) if subset
                                                             else self.columns)
            fills = {n: value for n in names}
        types = {n: t for n, t, _ in self._df.schema()}
        exprs = []
        for n in self.columns:
            v = fills.get(n)
            kind = types[n]
            number = isinstance(v, (int, float)) and not isinstance(v, bool)
            fits = ((isinstance(v, bool) and kind == "bool") or
                    (number and (kind in ("int32", "int64", "double") or
                                 kind.startswith("decimal"))) or
                    (isinstance(v, str) and kind == "string"))
            if fits:
                filled = _tally.cast(_tally.lit(v), kind, True) if kind != "string" else \
                    _tally.lit(v)
                exprs.append(_tally.call("coalesce", [_tally.col(n), filled]).alias(n))
            else:
                exprs.append(_tally.col(n))
        return self._new(self._df.select(exprs))

    @property
    def na(self):
        return _NaFunctions(self)

    # ---- actions ----
    def _result(self):
        return self._df.collect()

    def collect(self):
        result = self._result()
        cls = _row_class(tuple(name for name, _, _ in result.schema()))
        return [tuple.__new__(cls, r) for r in result.rows()]

    def count(self):
        result = self._df.agg([_tally.aggregate("count_star", [])]).collect()
        return result.rows()[0][0]

    def first(self):
        rows = self.limit(1).collect()
        return rows[0] if rows else None

    def head(self, n=None):
        if n is None:
            return self.first()
        return self.limit(n).collect()

    def take(self, num):
        return self.limit(num).collect()

    def isEmpty(self):
        return not self.limit(1).collect()

    def toPandas(self, decimals="float"):
        """A pandas DataFrame, built column by column from NumPy arrays. decimals="float"
        gives float64 (Spark's default); decimals="exact" gives decimal.Decimal objects."""
        if decimals not in ("float", "exact"):
            raise ValueError('decimals is "float" or "exact"')
        return to_pandas(self._result(), decimals == "exact")

    def show(self, n=20, truncate=True, vertical=False):
        result = self.limit(n + 1)._result()
        print(show_text(result, n, truncate, vertical), end="")

    def explain(self, extended=False, mode=None):
        print(self._df.explain(), end="")

    def cache(self):
        """Runs the query now and keeps its rows in memory for the DataFrames built on it."""
        return self._new(self._df.cache())

    persist = cache

    def unpersist(self, blocking=False):
        return self

    def createOrReplaceTempView(self, name):
        self._session._native.create_temp_view(name, self._df, True)

    def createTempView(self, name):
        self._session._native.create_temp_view(name, self._df, False)

    @property
    def write(self):
        return DataFrameWriter(self)

    def describe(self, *cols):
        """count, mean, stddev, min and max of the numeric columns (or of `cols`)."""
        numeric = ("int32", "int64", "double")
        names = _flatten(cols) or [n for n, t, _ in self._df.schema()
                                   if t in numeric or t.startswith("decimal")]
        rows = []
        for stat in ("count", "mean", "stddev", "min", "max"):
            aggs = []
            for n in names:
                c = _tally.col(n)
                if stat == "count":
                    aggs.append(_tally.aggregate("count", [c]))
                elif stat == "mean":
                    aggs.append(_tally.aggregate("mean", [c]))
                elif stat == "stddev":
                    aggs.append(_tally.aggregate("stddev_samp", [c]))
                else:
                    aggs.append(_tally.aggregate(stat, [c]))
            rows.append(aggs)
        values = [self._df.agg(aggs).collect().rows()[0] for aggs in rows]
        data = [[stat] + [None if v is None else str(v) for v in vals]
                for stat, vals in zip(("count", "mean", "stddev", "min", "max"), values)]
        columns = [("summary", "string")] + [(n, "string") for n in names]
        return DataFrame(_tally.from_rows(columns, data), self._session)

    # ---- display ----
    def __repr__(self):
        return "DataFrame[" + ", ".join(f"{n}: {t}" for n, t in self.dtypes) + "]"

    def _repr_html_(self):
        rows = self.limit(21)._result()
        return html_table(rows, self.count(), 20)


class _NaFunctions:
    def __init__(self, df):
        self._df = df

    def drop(self, how="any", thresh=None, subset=None):
        return self._df.dropna(how, thresh, subset)

    def fill(self, value, subset=None):
        return self._df.fillna(value, subset)


_JOIN_TYPES = {
    "inner": "inner", "cross": "inner", "left": "left", "leftouter": "left",
    "left_outer": "left", "right": "right", "rightouter": "right", "right_outer": "right",
    "full": "full", "outer": "full", "fullouter": "full", "full_outer": "full",
    "semi": "semi", "leftsemi": "semi", "left_semi": "semi", "anti": "anti",
    "leftanti": "anti", "left_anti": "anti",
}


def _join_type(how):
    if how is None:
        return "inner"
    key = how.lower()
    if key not in _JOIN_TYPES:
        raise ValueError(f"unknown join type {how!r} (one of {', '.join(sorted(_JOIN_TYPES))})")
    return _JOIN_TYPES[key]


class GroupedData:
    """The result of groupBy(): aggregate it with agg(), count(), sum()..."""

    def __init__(self, df, keys):
        self._df = df
        self._keys = keys

    def agg(self, *exprs):
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            exprs = [_dict_aggregate(name, how) for name, how in exprs[0].items()]
        exprs = _flatten(exprs)
        resolved = []
        for e in exprs:
            c = self._df._resolve(e)
            if c._windows:
                raise TypeError("window functions cannot be used in agg()")
            resolved.append(c._expr)
        keys = [k._expr for k in self._keys]
        native = self._df._df
        if keys:
            return self._df._new(native.group_agg(keys, resolved))
        return self._df._new(native.agg(resolved))

    def count(self):
        return self.agg(Column(_tally.aggregate("count_star", []).alias("count")))

    def _each(self, name, cols, label):
        if not cols:
            numeric = ("int32", "int64", "double")
            keys = {str(k) for k in self._keys}
            cols = [n for n, t, _ in self._df._df.schema()
                    if (t in numeric or t.startswith("decimal")) and n not in keys]
        return self.agg(*[Column(_tally.aggregate(name, [_tally.col(c)]).alias(f"{label}({c})"))
                          for c in cols])

    def sum(self, *cols):
        return self._each("sum", cols, "sum")

    def avg(self, *cols):
        return self._each("mean", cols, "avg")

    mean = avg

    def min(self, *cols):
        return self._each("min", cols, "min")

    def max(self, *cols):
        return self._each("max", cols, "max")


def _dict_aggregate(name, how):
    engine = {"sum": "sum", "avg": "mean", "mean": "mean", "min": "min", "max": "max",
              "count": "count", "first": "first", "median": "median"}.get(how.lower())
    if engine is None:
        raise ValueError(f"unknown aggregate {how!r}")
    if name == "*" and how.lower() == "count":
        return Column(_tally.aggregate("count_star", []).alias("count(1)"))
    return Column(_tally.aggregate(engine, [_tally.col(name)]).alias(f"{how.lower()}({name})"))


class _Options:
    """option(key, value) and options(**kv), as Spark's reader and writer take them (keys ignore
    case); the subclass sets self._options."""

    def option(self, key, value):
        self._options[key.lower()] = value
        return self

    def options(self, **options):
        for k, v in options.items():
            self.option(k, v)
        return self


class DataFrameWriter(_Options):
    """df.write: Parquet and CSV files, and warehouse tables (saveAsTable)."""

    def __init__(self, df):
        self._df = df
        self._mode = "error"
        self._format = "parquet"
        self._options = {}

    def mode(self, saveMode):
        mode = {"errorifexists": "error", "default": "error"}.get(saveMode.lower(),
                                                                  saveMode.lower())
        if mode not in ("overwrite", "append", "error", "ignore"):
            raise ValueError(f"unknown save mode {saveMode!r}")
        self._mode = mode
        return self

    def format(self, source):
        self._format = source.lower()
        return self

    def _file_target(self, path, mode):
        import os
        mode = self.mode(mode)._mode if mode else self._mode
        if os.path.exists(path):
            if mode == "error":
                raise _tally.AnalysisError(f"path {path} already exists (mode \"overwrite\" "
                                           "replaces it)")
            if mode == "ignore":
                return None
            if mode == "append":
                raise NotImplementedError("appending to a file: write a new file, or use "
                                          "saveAsTable(..., mode=\"append\")")
        return path

    def parquet(self, path, mode=None):
        """One Parquet file at `path`, written atomically."""
        if self._file_target(path, mode):
            self._df._result().write_parquet(path)

    def csv(self, path, mode=None, header=None, **kwargs):
        """One CSV file at `path` (RFC 4180; a header line with header=True), written atomically."""
        if header is None:
            header = str(self._options.get("header", "false")).lower() == "true"
        if self._file_target(path, mode):
            self._df._result().write_csv(path, bool(header))

    def save(self, path, format=None, mode=None):  # noqa: A002
        fmt = (format or self._format).lower()
        if fmt == "parquet":
            return self.parquet(path, mode)
        if fmt == "csv":
            return self.csv(path, mode)
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")

    def saveAsTable(self, name, format=None, mode=None, **options):  # noqa: A002
        """The rows as the warehouse table `name`, atomically: mode "error" (default: fail if it
        exists), "overwrite", "append" or "ignore"."""
        mode = self.mode(mode)._mode if mode else self._mode
        self._df._session._native.save_table(self._df._df, name, mode)

    def insertInto(self, tableName, overwrite=False):
        self.saveAsTable(tableName, mode="overwrite" if overwrite else "append")
