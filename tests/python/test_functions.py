"""tally.functions and Column methods, each against pandas on the same data."""
import datetime
import decimal
import math

import numpy as np
import pandas as pd
import pytest

import tally
from tally import functions as F


@pytest.fixture(scope="module")
def sample(spark, retail_pd):
    """Every 97th retail line (5,587 rows, NULLs included), in tally and in pandas."""
    pdf = retail_pd.iloc[::97].reset_index(drop=True)
    df = spark.createDataFrame(pdf.assign(unit_price=pdf.unit_price.map(
        lambda v: decimal.Decimal(str(v)).quantize(decimal.Decimal("0.001")))),
        "invoice_no STRING, stock_code STRING, description STRING, quantity INT, "
        "invoice_date TIMESTAMP, unit_price DECIMAL(18,3), customer_id INT, country STRING")
    return df, pdf


def column(df, c):
    return df.select(c.alias("x")).toPandas()["x"]


def same(got, want):
    got = pd.Series(got).reset_index(drop=True)
    want = pd.Series(want).reset_index(drop=True)
    assert len(got) == len(want)
    for i, (a, b) in enumerate(zip(got, want)):
        if pd.isna(b):
            assert pd.isna(a), (i, a, b)
        elif isinstance(b, float):
            assert math.isclose(float(a), b, rel_tol=1e-12, abs_tol=1e-12), (i, a, b)
        else:
            assert a == b, (i, a, b)


def test_arithmetic_follows_spark(sample):
    df, pdf = sample
    same(column(df, F.col("quantity") + 1), pdf.quantity + 1)
    same(column(df, 1 - F.col("quantity")), 1 - pdf.quantity)
    same(column(df, F.col("quantity") * 2), pdf.quantity * 2)
    # "/" is a true division, also of integers.
    same(column(df, F.col("quantity") / 4), pdf.quantity / 4)
    same(column(df, 10 / F.col("quantity")), 10 / pdf.quantity)
    same(column(df, F.col("quantity") % 7), np.fmod(pdf.quantity, 7))
    same(column(df, -F.col("quantity")), -pdf.quantity)


def test_comparisons_and_logic(sample):
    df, pdf = sample
    same(column(df, (F.col("quantity") > 5) & ~(F.col("country") == "France")),
         (pdf.quantity > 5) & ~(pdf.country == "France"))
    same(column(df, (F.col("quantity") <= 1) | (F.col("quantity") >= 100)),
         (pdf.quantity <= 1) | (pdf.quantity >= 100))
    same(column(df, F.col("quantity") != 6), pdf.quantity != 6)
    with pytest.raises(ValueError, match="Cannot convert column into bool"):
        bool(F.col("quantity") > 1)


def test_null_tests_isin_between_and_string_matches(sample):
    df, pdf = sample
    same(column(df, F.col("customer_id").isNull()), pdf.customer_id.isna())
    same(column(df, F.col("customer_id").isNotNull()), pdf.customer_id.notna())
    same(column(df, F.isnull("customer_id")), pdf.customer_id.isna())
    same(column(df, F.col("country").isin("France", "EIRE")), pdf.country.isin(["France", "EIRE"]))
    same(column(df, F.col("country").isin(["Spain"])), pdf.country == "Spain")
    same(column(df, F.col("quantity").between(2, 6)), pdf.quantity.between(2, 6))
    d = pdf.description.fillna("")
    got = df.select(F.col("description").like("%HEART%").alias("a"),
                    F.col("description").startswith("WHITE").alias("b"),
                    F.col("description").endswith("HOLDER").alias("c"),
                    F.col("description").contains("RED").alias("d"),
                    F.col("description").rlike("^[0-9]").alias("e")).toPandas()
    present = pdf.description.notna()
    same(got.a[present], d.str.contains("HEART")[present])
    same(got.b[present], d.str.startswith("WHITE")[present])
    same(got.c[present], d.str.endswith("HOLDER")[present])
    same(got.d[present], d.str.contains("RED")[present])
    same(got.e[present], d.str.match("^[0-9]")[present])


def test_when_otherwise_and_coalesce(sample):
    df, pdf = sample
    got = column(df, F.when(F.col("quantity") < 0, "return").when(F.col("quantity") < 10, "small")
                 .otherwise("large"))
    want = np.where(pdf.quantity < 0, "return", np.where(pdf.quantity < 10, "small", "large"))
    same(got, want)
    same(column(df, F.when(F.col("quantity") < 0, 1)),
         pd.Series(np.where(pdf.quantity < 0, 1, np.nan)))
    same(column(df, F.coalesce(F.col("customer_id"), F.lit(-1))), pdf.customer_id.fillna(-1))
    same(column(df, F.greatest(F.col("quantity"), F.lit(3))), np.maximum(pdf.quantity, 3))
    same(column(df, F.least(F.col("quantity"), F.lit(3))), np.minimum(pdf.quantity, 3))


def test_a_guarded_expression_never_fails_for_rows_its_guard_excludes(sample):
    df, pdf = sample
    got = column(df, F.when(F.col("quantity") != 0, 100 / F.col("quantity")).otherwise(0.0))
    same(got, np.where(pdf.quantity != 0, 100 / pdf.quantity.replace(0, 1), 0.0))


def test_casts_follow_spark(spark):
    df = spark.createDataFrame([(2.7, "12"), (-2.7, "7"), (None, None)], "d DOUBLE, s STRING")
    got = df.select(F.col("d").cast("int").alias("i"), F.col("s").cast("bigint").alias("l"),
                    F.col("d").cast(tally.types.LongType()).alias("j"),
                    F.col("d").cast("string").alias("t")).collect()
    assert [(r.i, r.l, r.j) for r in got] == [(2, 12, 2), (-2, 7, -2), (None, None, None)]
    assert got[0].t == "2.7"


def test_dates_and_times(sample):
    df, pdf = sample
    d = pdf.invoice_date
    same(column(df, F.year("invoice_date")), d.dt.year)
    same(column(df, F.quarter("invoice_date")), d.dt.quarter)
    same(column(df, F.month("invoice_date")), d.dt.month)
    same(column(df, F.dayofmonth("invoice_date")), d.dt.day)
    same(column(df, F.dayofweek("invoice_date")), (d.dt.dayofweek + 1) % 7 + 1)
    same(column(df, F.dayofyear("invoice_date")), d.dt.dayofyear)
    same(column(df, F.weekofyear("invoice_date")), d.dt.isocalendar().week.astype(int))
    same(column(df, F.hour("invoice_date")), d.dt.hour)
    same(column(df, F.minute("invoice_date")), d.dt.minute)
    same(column(df, F.second("invoice_date")), d.dt.second)
    same(column(df, F.date_trunc("month", "invoice_date")), d.dt.to_period("M").dt.start_time)
    same(column(df, F.date_trunc("hour", "invoice_date")), d.dt.floor("H"))
    same(column(df, F.to_date("invoice_date")), d.dt.normalize())
    same(column(df, F.trunc("invoice_date", "year")), d.dt.to_period("Y").dt.start_time)
    start = pd.Timestamp("2010-12-01")
    same(column(df, F.datediff("invoice_date", F.lit(datetime.date(2010, 12, 1)))),
         (d.dt.normalize() - start).dt.days)
    same(column(df, F.date_add("invoice_date", 3)), d.dt.normalize() + pd.Timedelta(days=3))
    same(column(df, F.date_sub("invoice_date", 3)), d.dt.normalize() - pd.Timedelta(days=3))


def test_strings(sample):
    df, pdf = sample
    s = pdf.description
    same(column(df, F.lower("description")), s.str.lower())
    same(column(df, F.upper(F.lower("description"))), s.str.upper())
    same(column(df, F.length("description")), s.str.len())
    same(column(df, F.substring("description", 2, 4)), s.str.slice(1, 5))
    same(column(df, F.col("description").substr(1, 3)), s.str.slice(0, 3))
    same(column(df, F.trim("description")), s.str.strip(" "))
    same(column(df, F.ltrim("description")), s.str.lstrip(" "))
    same(column(df, F.rtrim("description")), s.str.rstrip(" "))
    same(column(df, F.concat("country", F.lit("/"), "stock_code")),
         pdf.country + "/" + pdf.stock_code)
    same(column(df, F.concat("description", "country")), s + pdf.country)  # NULL stays NULL
    same(column(df, F.concat_ws("-", "description", "country")),
         [c if pd.isna(x) else f"{x}-{c}" for x, c in zip(s, pdf.country)])
    same(column(df, F.regexp_replace("description", "[AEIOU]", "_")),
         s.str.replace("[AEIOU]", "_", regex=True))
    same(column(df, F.split_part("description", " ", 2)),
         s.map(lambda v: v if pd.isna(v) else (v.split(" ") + [""])[1]))
    same(column(df, F.reverse("stock_code")), pdf.stock_code.str[::-1])
    same(column(df, F.repeat("country", 2)), pdf.country * 2)
    same(column(df, F.initcap("country")), pdf.country.str.title())


def test_numbers(sample):
    df, pdf = sample
    price = pdf.unit_price
    same(column(df, F.abs("quantity")), pdf.quantity.abs())
    same(column(df, F.round(F.col("quantity") / 7, 2)), (pdf.quantity / 7).round(2))
    same(column(df, F.sqrt(F.abs("quantity"))), np.sqrt(pdf.quantity.abs()))
    same(column(df, F.floor(F.col("quantity") / 4)), np.floor(pdf.quantity / 4))
    same(column(df, F.ceil(F.col("quantity") / 4)), np.ceil(pdf.quantity / 4))
    same(column(df, F.exp(F.col("quantity") / 100)), np.exp(pdf.quantity / 100))
    positive = df.filter(F.col("unit_price") > 0)
    p = price[price > 0]
    same(column(positive, F.log(F.col("unit_price").cast("double"))), np.log(p))
    same(column(positive, F.log(10.0, F.col("unit_price").cast("double"))), np.log10(p))
    same(column(df, F.pow(F.col("quantity"), 2)), pdf.quantity.astype(float) ** 2)
    same(column(df, F.signum("quantity")), np.sign(pdf.quantity).astype(float))
    same(column(positive, F.log10(F.col("unit_price"))), np.log10(p))
    same(column(df, F.col("customer_id").eqNullSafe(F.lit(None).cast("int"))),
         pdf.customer_id.isna())


def test_aggregates(sample):
    df, pdf = sample
    row = df.agg(F.sum("quantity").alias("sum"), F.avg("quantity").alias("avg"),
                 F.mean("quantity").alias("mean"), F.count("customer_id").alias("count"),
                 F.count("*").alias("rows"), F.countDistinct("country").alias("countries"),
                 F.approx_count_distinct("stock_code").alias("codes"),
                 F.min("quantity").alias("min"), F.max("quantity").alias("max"),
                 F.median("quantity").alias("median"), F.mode("quantity").alias("mode"),
                 F.percentile_approx("quantity", 0.85).alias("p85"),
                 F.percentile("quantity", 0.85).alias("p85i"),
                 F.stddev("quantity").alias("stddev"), F.stddev_pop("quantity").alias("sdp"),
                 F.variance("quantity").alias("var"), F.var_pop("quantity").alias("varp"),
                 F.first("invoice_no").alias("first")).first()
    q = pdf.quantity
    assert row.sum == q.sum() and row["count"] == pdf.customer_id.notna().sum()
    assert math.isclose(row.avg, q.mean()) and math.isclose(row["mean"], q.mean())
    assert row.rows == len(pdf) and row.countries == pdf.country.nunique()
    assert row.codes == pdf.stock_code.nunique()
    assert (row.min, row.max) == (q.min(), q.max())
    assert row.median == q.median()
    assert row.mode == q.mode()[0]
    # The element quantile: the smallest value with at least 85% of values at or below it.
    ranked = np.sort(q.values)
    assert row.p85 == ranked[math.ceil(0.85 * len(ranked)) - 1]
    assert math.isclose(row.p85i, q.quantile(0.85))
    assert math.isclose(row.stddev, q.std()) and math.isclose(row.sdp, q.std(ddof=0))
    assert math.isclose(row.var, q.var()) and math.isclose(row.varp, q.var(ddof=0))
    assert row.first == pdf.invoice_no[0]
    by_country = df.groupBy("country").agg(F.sum_distinct("quantity").alias("s")).toPandas()
    want = pdf.groupby("country").quantity.apply(lambda v: v.drop_duplicates().sum())
    assert dict(zip(by_country.country, by_country.s)) == want.to_dict()


def test_lit_takes_python_values(spark):
    values = [1, 2 ** 40, 2.5, "text", True, None, datetime.date(2011, 12, 9),
              datetime.datetime(2011, 12, 9, 12, 50, 1, 5), decimal.Decimal("12.345"),
              np.int64(7), np.float64(0.25)]
    row = spark.createDataFrame([(1,)], "x INT").select(
        *[F.lit(v).alias(f"v{i}") for i, v in enumerate(values)]).first()
    assert list(row) == [1, 2 ** 40, 2.5, "text", True, None, datetime.date(2011, 12, 9),
                         datetime.datetime(2011, 12, 9, 12, 50, 1, 5), decimal.Decimal("12.345"),
                         7, 0.25]
    with pytest.raises(tally.AnalysisError, match="Python type"):
        F.lit(object())
    with pytest.raises(tally.AnalysisError, match="out of range"):
        F.lit(2 ** 70)
