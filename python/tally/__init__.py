"""tally: fast, exact retail analytics on a columnar, vectorized, multi-core engine, with an API
shaped like PySpark's.

    import tally
    from tally import functions as F

    spark = tally.Session(warehouse="warehouse")
    retail = spark.table("retail")
    retail.groupBy("country").agg(F.sum(F.col("quantity") * F.col("unit_price")).alias("revenue"))
"""
from tally._tally import (AnalysisError, ExecutionError, QueryCancelled, TallyError, __version__,
                          interrupt_all)
from tally import charts, functions, types
from tally.column import Column
from tally.dataframe import DataFrame, DataFrameWriter, GroupedData
from tally.report import Report, report
from tally.row import Row
from tally.session import Catalog, DataFrameReader, Session
from tally.window import Window, WindowSpec

SparkSession = Session  # for code written for Spark: SparkSession.builder.getOrCreate()

__all__ = [
    "AnalysisError", "Catalog", "Report", "Column", "DataFrame", "DataFrameReader", "DataFrameWriter",
    "ExecutionError", "GroupedData", "QueryCancelled", "Row", "Session", "SparkSession", "TallyError", "Window",
    "WindowSpec", "__version__", "charts", "functions", "interrupt_all", "report", "types",
]
