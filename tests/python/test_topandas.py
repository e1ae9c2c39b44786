"""toPandas(): NumPy-backed columns of the right dtypes, NULLs as pandas shows them."""
import datetime
import decimal

import pandas as pd

from tally import functions as F


def test_the_whole_retail_table_equals_pandas_read_csv(spark, retail_pd):
    got = spark.table("retail").toPandas()
    assert list(got.dtypes.astype(str)) == ["object", "object", "object", "int32",
                                            "datetime64[ns]", "float64", "Int32", "object"]
    want = retail_pd.astype({"quantity": "int32"})
    pd.testing.assert_frame_equal(got, want)


def test_types_and_nulls(spark):
    rows = [(True, 1, 2 ** 40, 1.5, decimal.Decimal("2.550"), datetime.date(2011, 12, 9),
             datetime.datetime(2011, 12, 9, 12, 50, 7, 1), "x"),
            (None, None, None, None, None, None, None, None)]
    df = spark.createDataFrame(rows, "b BOOLEAN, i INT, l BIGINT, d DOUBLE, m DECIMAL(18,3), "
                                     "day DATE, ts TIMESTAMP, s STRING")
    got = df.toPandas()
    assert dict(got.dtypes.astype(str)) == {
        "b": "boolean", "i": "Int32", "l": "Int64", "d": "float64", "m": "float64",
        "day": "datetime64[ns]", "ts": "datetime64[ns]", "s": "object"}
    assert got.b[0] and got.i[0] == 1 and got.l[0] == 2 ** 40 and got.d[0] == 1.5
    assert got.m[0] == 2.55
    assert got.day[0] == pd.Timestamp("2011-12-09")
    assert got.ts[0] == pd.Timestamp("2011-12-09 12:50:07.000001")
    assert got.s[0] == "x"
    assert got.iloc[1].isna().all()
    exact = df.toPandas(decimals="exact")
    assert exact.m[0] == decimal.Decimal("2.550") and exact.m[1] is None


def test_columns_without_nulls_keep_numpy_dtypes(spark):
    df = spark.createDataFrame([(1, 2, True), (3, 4, False)], "a INT, b BIGINT, c BOOLEAN")
    got = df.toPandas()
    assert list(got.dtypes.astype(str)) == ["int32", "int64", "bool"]


def test_dates_beyond_pandas_range_stay_dates(spark):
    df = spark.createDataFrame([(datetime.date(3000, 1, 1),), (None,)], "d DATE")
    got = df.toPandas()
    assert got.d[0] == datetime.date(3000, 1, 1) and got.d[1] is None


def test_empty_results_keep_their_columns(spark):
    got = spark.table("retail").filter(F.col("quantity") > 10 ** 9).toPandas()
    assert len(got) == 0
    assert list(got.columns) == spark.table("retail").columns


def test_duplicate_column_names_survive(spark):
    df = spark.sql("select 1 as a, 2 as a")
    got = df.toPandas()
    assert list(got.columns) == ["a", "a"] and list(got.iloc[0]) == [1, 2]


def test_strings_of_dictionary_columns_are_shared_objects(spark):
    got = spark.table("retail").select("country").limit(1000).toPandas()
    uk = [s for s in got.country if s == "United Kingdom"]
    assert len(uk) > 1 and all(s is uk[0] for s in uk)


def test_matplotlib_draws_from_topandas(spark, tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monthly = (spark.table("retail")
               .groupBy(F.date_trunc("month", "invoice_date").alias("month"))
               .agg(F.sum(F.col("quantity") * F.col("unit_price")).alias("sales"))
               .orderBy("month").toPandas())
    figure, axes = plt.subplots()
    bars = axes.bar(monthly.month, monthly.sales, width=20)
    figure.savefig(tmp_path / "sales.png")
    plt.close(figure)
    assert len(bars) == len(monthly) == 13
    assert (tmp_path / "sales.png").stat().st_size > 1000
