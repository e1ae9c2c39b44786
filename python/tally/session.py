"""Session: the entry point, shaped like pyspark.sql.SparkSession.

    spark = tally.Session(warehouse="warehouse")
    spark.table("retail").groupBy("country").count().show()
    spark.sql("select country, count(*) from retail group by country").toPandas()
"""
import collections
import os

from tally import _tally
from tally.dataframe import DataFrame, _Options
from tally.types import StructType, _parse_ddl, _parse_type

__all__ = ["Session", "DataFrameReader", "Catalog"]


class Session:
    """A warehouse (a directory of Parquet tables with a catalog, as `tally ingest` makes) and
    the temporary views registered in this session. Without `warehouse`: $TALLY_WAREHOUSE, else
    ./warehouse (as the tally command)."""

    def __init__(self, warehouse=None):
        if warehouse is None:
            warehouse = os.environ.get("TALLY_WAREHOUSE", "warehouse")
        self._native = _tally.Session(os.fspath(warehouse))

    builder = None  # set below: Session.builder.getOrCreate(), for code written for Spark

    @property
    def warehouse(self):
        return self._native.warehouse

    def table(self, tableName):
        return DataFrame(self._native.table(tableName), self)

    def sql(self, sqlQuery):
        """A query (PostgreSQL's dialect) as a lazy DataFrame. Other statements (CREATE TABLE,
        INSERT, COPY, CREATE VIEW, DROP...) run at once; the DataFrame then holds the last one's
        status."""
        return DataFrame(self._native.sql(sqlQuery), self)

    @property
    def read(self):
        return DataFrameReader(self)

    @property
    def catalog(self):
        return Catalog(self)

    def createDataFrame(self, data, schema=None):
        """A DataFrame from a pandas DataFrame, or rows (tuples, lists, dicts, Rows) with a
        schema (a StructType, a DDL string "a INT, b STRING" or a list of names)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - pandas is a dependency of toPandas only
            pd = None
        if pd is not None and isinstance(data, pd.DataFrame):
            return self._from_pandas(data, schema)
        rows = list(data)
        if schema is None:
            if not rows:
                raise ValueError("createDataFrame of no rows needs a schema")
            first = rows[0]
            if isinstance(first, dict):
                names = list(first)
                rows = [[r.get(n) for n in names] for r in rows]
            elif getattr(first, "__fields__", None):
                names = list(first.__fields__)
            else:
                names = [f"_{i + 1}" for i in range(len(first))]
            schema = _infer(names, rows)
        elif isinstance(schema, str):
            schema = _parse_ddl(schema)
        elif isinstance(schema, (list, tuple)):
            names = list(schema)
            rows = [[r.get(n) for n in names] if isinstance(r, dict) else r for r in rows]
            schema = _infer(names, rows)
        if not isinstance(schema, StructType):
            raise TypeError("schema is a StructType, a DDL string or a list of names")
        rows = [[r.get(f.name) for f in schema] if isinstance(r, dict) else r for r in rows]
        columns = [(f.name, f.dataType.engine_name) for f in schema]
        return DataFrame(_tally.from_rows(columns, rows), self)

    def _from_pandas(self, frame, schema):
        import numpy as np
        import pandas as pd

        names = [str(c) for c in frame.columns]
        if schema is None:
            kinds = []
            for name in frame.columns:
                dtype = frame[name].dtype
                if dtype.kind == "b":
                    kinds.append("boolean")
                elif dtype.kind in "iu":
                    kinds.append("bigint")
                elif dtype.kind == "f":
                    kinds.append("double")
                elif dtype.kind == "M":
                    kinds.append("timestamp")
                else:
                    kinds.append("string")
            schema = StructType()
            for n, k in zip(names, kinds):
                schema.add(n, _parse_type(k))
        elif isinstance(schema, str):
            schema = _parse_ddl(schema)
        rows = []
        for values in frame.itertuples(index=False, name=None):
            row = []
            for v in values:
                if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and
                                                              np.isnan(v)):
                    row.append(None)
                elif hasattr(v, "to_pydatetime"):
                    row.append(v.to_pydatetime())
                else:
                    row.append(v)
            rows.append(row)
        return self.createDataFrame(rows, schema)

    def interruptAll(self):
        """Cancels every running query of this process (they raise tally.QueryCancelled)."""
        return _tally.interrupt_all()

    def stop(self):
        """Nothing to stop: the engine runs in this process."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _infer(names, rows):
    import datetime
    import decimal

    schema = StructType()
    for i, name in enumerate(names):
        kind = None
        for r in rows:
            v = r[i]
            if v is None:
                continue
            if isinstance(v, bool):
                kind = "boolean"
            elif isinstance(v, int):
                kind = "bigint" if kind != "double" else kind
            elif isinstance(v, float):
                kind = "double"
            elif isinstance(v, decimal.Decimal):
                kind = "decimal(18,{})".format(max(0, -v.as_tuple().exponent))
            elif isinstance(v, datetime.datetime):
                kind = "timestamp"
            elif isinstance(v, datetime.date):
                kind = "date"
            else:
                kind = "string"
            if kind in ("string", "timestamp", "date", "boolean"):
                break
        schema.add(name, _parse_type(kind or "string"))
    return schema


class _Builder:
    """Session.builder.appName(...).config(...).getOrCreate(), for code written for Spark."""

    def __init__(self):
        self._warehouse = None

    def appName(self, name):
        return self

    def master(self, master):
        return self

    def config(self, key=None, value=None, conf=None):
        if key in ("spark.sql.warehouse.dir", "warehouse"):
            self._warehouse = value
        return self

    def enableHiveSupport(self):
        return self

    def getOrCreate(self):
        return Session(self._warehouse)


Session.builder = _Builder()


class DataFrameReader(_Options):
    """spark.read: CSV and Parquet files, and warehouse tables."""

    def __init__(self, session):
        self._session = session
        self._format = None
        self._schema = None
        self._options = {}

    def format(self, source):
        self._format = source.lower()
        return self

    def schema(self, schema):
        self._schema = _parse_ddl(schema) if isinstance(schema, str) else schema
        return self

    def csv(self, path, schema=None, header=None, inferSchema=None, sep=None, nullValue=None,
            **options):
        """A CSV file (.csv, .csv.gz, .csv.zst). The engine infers the column types itself; a
        schema (StructType or "a INT, b STRING") fixes names and types. sep (or delimiter): one
        character, detected from the first line (, ; tab |) when not given; header: whether the
        first line names the columns (default True); nullValue: the text that stands for NULL
        (default: empty fields are NULL)."""
        schema = schema if schema is not None else self._schema
        if isinstance(schema, str):
            schema = _parse_ddl(schema)
        sep = sep if sep is not None else self._options.get("sep",
                                                            self._options.get("delimiter"))
        header = header if header is not None else self._options.get("header", True)
        if isinstance(header, str):
            header = header.lower() == "true"
        nullValue = nullValue if nullValue is not None else self._options.get("nullvalue", "")
        columns = None
        if schema is not None:
            if not isinstance(schema, StructType):
                raise TypeError("schema is a StructType or a DDL string")
            columns = [(f.name, f.dataType.engine_name) for f in schema]
        return DataFrame(_tally.read_csv(os.fspath(path), columns, sep, bool(header),
                                         str(nullValue)), self._session)

    def parquet(self, *paths):
        """Parquet files: each path a file or a directory of them."""
        files = []
        for p in paths:
            p = os.fspath(p)
            if os.path.isdir(p):
                found = sorted(os.path.join(root, f) for root, _, names in os.walk(p)
                               for f in names if f.endswith(".parquet"))
                if not found:
                    raise _tally.AnalysisError(f"no Parquet files in directory {p}")
                files.extend(found)
            else:
                files.append(p)
        return DataFrame(_tally.read_parquet(files), self._session)

    def table(self, tableName):
        return self._session.table(tableName)

    def load(self, path=None, format=None, schema=None, **options):  # noqa: A002
        fmt = (format or self._format or "parquet").lower()
        if schema is not None:
            self.schema(schema)
        if fmt == "csv":
            return self.csv(path, **options)
        if fmt == "parquet":
            return self.parquet(path)
        raise ValueError(f"unknown format {fmt!r} (csv or parquet)")


Table = collections.namedtuple("Table", "name catalog namespace description tableType "
                                        "isTemporary")


class Catalog:
    """spark.catalog: the warehouse's tables and views and the session's temporary views."""

    def __init__(self, session):
        self._session = session

    def listTables(self, dbName=None):
        kinds = {"table": "MANAGED", "view": "VIEW", "temporary": "TEMPORARY"}
        return [Table(name, None, [], None, kinds[kind], kind == "temporary")
                for name, kind in self._session._native.list_tables()]

    def tableExists(self, tableName, dbName=None):
        return any(t.name == tableName for t in self.listTables())

    def dropTempView(self, viewName):
        return self._session._native.drop_temp_view(viewName)

    def currentDatabase(self):
        return "default"
