"""DataFrame transformations and actions, each checked against pandas on the real retail data."""
import math

import pandas as pd
import pytest

import tally
from tally import Window
from tally import functions as F


@pytest.fixture(scope="module")
def retail(spark):
    return spark.table("retail")


def sorted_frame(frame, by):
    return frame.sort_values(by).reset_index(drop=True)


def test_select_filter_with_column(retail, retail_pd):
    got = (retail.filter((F.col("quantity") > 10) & (F.col("country") == "Germany"))
           .withColumn("amount", F.col("quantity") * F.col("unit_price"))
           .select("invoice_no", "quantity", "amount").toPandas())
    want = retail_pd[(retail_pd.quantity > 10) & (retail_pd.country == "Germany")]
    assert len(got) == len(want)
    assert got["quantity"].sum() == want["quantity"].sum()
    assert math.isclose(got["amount"].sum(), (want.quantity * want.unit_price).sum(), rel_tol=1e-12)


def test_filter_with_sql_text_and_select_expr(retail, retail_pd):
    got = retail.filter("quantity < 0 and country = 'France'").count()
    assert got == int(((retail_pd.quantity < 0) & (retail_pd.country == "France")).sum())
    row = retail.selectExpr("max(quantity) as most", "min(unit_price) as least").first()
    assert row.most == retail_pd.quantity.max()
    assert float(row.least) == retail_pd.unit_price.min()
    with_expr = retail.select(F.expr("quantity * 2").alias("double_qty")).agg(
        F.sum("double_qty")).first()[0]
    assert with_expr == 2 * retail_pd.quantity.sum()


def test_column_access_by_attribute_and_item(retail, retail_pd):
    got = retail.filter(retail.quantity > 100).select(retail["country"]).distinct().count()
    assert got == retail_pd[retail_pd.quantity > 100].country.nunique()


def test_group_by_agg(retail, retail_pd):
    got = retail.groupBy("country").agg(
        F.sum("quantity").alias("units"), F.count("*").alias("lines"),
        F.countDistinct("invoice_no").alias("invoices"), F.avg("quantity").alias("mean_qty"),
        F.min("invoice_date").alias("first"), F.max("unit_price").alias("top_price")).toPandas()
    g = retail_pd.groupby("country")
    want = pd.DataFrame({"units": g.quantity.sum(), "lines": g.size(),
                         "invoices": g.invoice_no.nunique(), "mean_qty": g.quantity.mean(),
                         "first": g.invoice_date.min(), "top_price": g.unit_price.max()})
    want = want.reset_index()
    got, want = sorted_frame(got, "country"), sorted_frame(want, "country")
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_grouped_shortcuts(retail, retail_pd):
    counts = sorted_frame(retail.groupBy("country").count().toPandas(), "country")
    want = retail_pd.groupby("country").size().reset_index(name="count")
    pd.testing.assert_frame_equal(counts, sorted_frame(want, "country"), check_dtype=False)
    sums = retail.groupBy("country").sum("quantity").toPandas()
    assert list(sums.columns) == ["country", "sum(quantity)"]
    assert sums["sum(quantity)"].sum() == retail_pd.quantity.sum()
    by_dict = retail.groupBy("country").agg({"quantity": "max"}).toPandas()
    assert by_dict["max(quantity)"].max() == retail_pd.quantity.max()


def test_global_agg_and_expressions_over_aggregates(retail, retail_pd):
    row = retail.agg((F.sum("quantity") / F.count("*")).alias("per_line"),
                     F.median("quantity").alias("med")).first()
    assert math.isclose(row.per_line, retail_pd.quantity.sum() / len(retail_pd))
    assert row.med == retail_pd.quantity.median()


def test_order_by_limit_and_nulls(retail, retail_pd):
    got = retail.orderBy(F.desc("quantity"), "invoice_no").limit(5).toPandas()
    want = retail_pd.sort_values(["quantity", "invoice_no"], ascending=[False, True]).head(5)
    assert list(got.quantity) == list(want.quantity)
    # Spark: ascending puts NULLs first; descending puts them last.
    first = retail.orderBy("customer_id").first()
    assert first.customer_id is None
    last = retail.orderBy(F.col("customer_id").desc()).first()
    assert last.customer_id == retail_pd.customer_id.max()
    flags = retail.orderBy(["country", "quantity"], ascending=[False, True]).first()
    assert flags.country == retail_pd.country.max()


def test_distinct_and_drop_duplicates(retail, retail_pd):
    assert retail.select("country").distinct().count() == retail_pd.country.nunique()
    dedup = retail.dropDuplicates(["invoice_no"])
    assert dedup.count() == retail_pd.invoice_no.nunique()
    assert dedup.columns == retail.columns
    assert retail.dropDuplicates().count() == len(retail_pd.drop_duplicates())


@pytest.mark.parametrize("how", ["inner", "left", "right", "full", "left_semi", "left_anti"])
def test_joins_by_key(spark, how):
    left = spark.createDataFrame([(1, "a"), (2, "b"), (3, None), (None, "n")], "k INT, l STRING")
    right = spark.createDataFrame([(2, "x"), (3, "y"), (3, "z"), (4, "w"), (None, "m")],
                                  "k INT, r STRING")
    got = left.join(right, "k", how).toPandas()
    lp, rp = left.toPandas(), right.toPandas()
    if how in ("left_semi", "left_anti"):
        keys = set(rp.k.dropna())
        mask = lp.k.isin(keys) & lp.k.notna()
        want = lp[mask if how == "left_semi" else ~mask]
    else:
        pandas_how = {"full": "outer"}.get(how, how)
        # SQL: NULL keys never match; pandas would match them, so they join apart.
        lk, rk = lp[lp.k.notna()], rp[rp.k.notna()]
        want = lk.merge(rk, on="k", how=pandas_how)
        if how in ("left", "full"):
            want = pd.concat([want, lp[lp.k.isna()]])
        if how in ("right", "full"):
            want = pd.concat([want, rp[rp.k.isna()]])
    cols = list(want.columns)
    assert list(got.columns) == cols

    def rows(frame):
        return sorted(tuple("NULL" if pd.isna(v) else str(v) for v in r)
                      for r in frame[cols].itertuples(index=False))

    assert rows(got) == rows(want)


def test_join_on_a_condition_of_both_sides(spark, retail, retail_pd):
    customers = retail.groupBy("customer_id").agg(F.max("invoice_date").alias("last_seen"))
    lines = retail.select("invoice_no", "customer_id", "invoice_date")
    joined = lines.join(customers, (lines.customer_id == customers.customer_id) &
                        (lines.invoice_date == customers.last_seen))
    got = joined.count()
    last = retail_pd.groupby("customer_id").invoice_date.transform("max")
    assert got == int((retail_pd.invoice_date == last).sum())


def test_union_and_union_by_name(spark):
    a = spark.createDataFrame([(1, "x")], "n INT, s STRING")
    b = spark.createDataFrame([("y", 2)], "s STRING, n INT")
    assert [tuple(r) for r in a.unionByName(b).collect()] == [(1, "x"), (2, "y")]
    c = spark.createDataFrame([(3,)], "n INT")
    assert [tuple(r) for r in a.unionByName(c, allowMissingColumns=True).collect()] == [
        (1, "x"), (3, None)]
    assert a.union(a).union(a).count() == 3
    with pytest.raises(tally.AnalysisError):
        a.unionByName(c)


def test_union_of_three_keeps_each_inputs_rows_together(spark):
    parts = [spark.createDataFrame([(i, j) for j in range(3)], "part INT, j INT") for i in range(3)]
    rows = parts[0].union(parts[1]).union(parts[2]).collect()
    assert [r.part for r in rows] == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_dropna_and_fillna(retail, retail_pd):
    assert retail.dropna().count() == len(retail_pd.dropna())
    assert retail.dropna(subset=["customer_id"]).count() == retail_pd.customer_id.notna().sum()
    assert retail.na.drop(how="all", subset=["customer_id", "description"]).count() == \
        len(retail_pd.dropna(how="all", subset=["customer_id", "description"]))
    filled = retail.fillna({"customer_id": 0, "description": "?"}).toPandas()
    assert (filled.customer_id == 0).sum() == retail_pd.customer_id.isna().sum()
    assert (filled.description == "?").sum() == (retail_pd.description.fillna("?") == "?").sum()


def test_with_column_renamed_drop_and_to_df(retail):
    df = retail.withColumnRenamed("quantity", "qty").drop("description", "stock_code")
    assert df.columns == ["invoice_no", "qty", "invoice_date", "unit_price", "customer_id",
                          "country"]
    assert retail.withColumnRenamed("nope", "x").columns == retail.columns
    assert retail.select("quantity", "country").toDF("q", "c").columns == ["q", "c"]


def test_windows(retail, retail_pd):
    per_invoice = retail.groupBy("customer_id", "invoice_no").agg(
        F.min("invoice_date").alias("at")).filter(F.col("customer_id").isNotNull())
    w = Window.partitionBy("customer_id").orderBy("at", "invoice_no")
    got = (per_invoice.withColumn("n", F.row_number().over(w))
           .withColumn("previous", F.lag("at").over(w))
           .withColumn("running", F.count("*").over(w.rowsBetween(Window.unboundedPreceding,
                                                                 Window.currentRow)))
           .toPandas())
    pdi = (retail_pd[retail_pd.customer_id.notna()].groupby(["customer_id", "invoice_no"])
           .invoice_date.min().reset_index(name="at").sort_values(["customer_id", "at",
                                                                   "invoice_no"]))
    pdi["n"] = pdi.groupby("customer_id").cumcount() + 1
    pdi["previous"] = pdi.groupby("customer_id").at.shift(1)
    got = got.sort_values(["customer_id", "at", "invoice_no"]).reset_index(drop=True)
    pdi = pdi.reset_index(drop=True)
    assert list(got.n) == list(pdi.n)
    assert list(got.running) == list(pdi.n)
    assert got.previous.equals(pdi.previous)


def test_ranking_functions(spark):
    df = spark.createDataFrame([("a", 10), ("a", 20), ("a", 20), ("b", 5)], "g STRING, v INT")
    w = Window.partitionBy("g").orderBy(F.desc("v"))
    got = df.select("g", "v", F.rank().over(w).alias("r"), F.dense_rank().over(w).alias("d"),
                    F.ntile(2).over(w).alias("t")).orderBy("g", F.desc("v"), "r").toPandas()
    pdf = df.toPandas()
    pdf["r"] = pdf.groupby("g").v.rank(method="min", ascending=False).astype(int)
    pdf["d"] = pdf.groupby("g").v.rank(method="dense", ascending=False).astype(int)
    pdf = pdf.sort_values(["g", "v", "r"], ascending=[True, False, True]).reset_index(drop=True)
    assert list(got.r) == list(pdf.r) and list(got.d) == list(pdf.d)
    assert list(got.t) == [1, 1, 2, 1]
    # An unnamed window column is named after its function.
    assert df.select(F.sum("v").over(Window.partitionBy("g"))).columns[0] == "sum(v)"
    # Windows inside expressions and filters.
    top = df.filter(F.row_number().over(w) == 1).orderBy("g").collect()
    assert [(r.g, r.v) for r in top] == [("a", 20), ("b", 5)]
    share = df.withColumn("share", F.col("v") / F.sum("v").over(Window.partitionBy("g")))
    assert math.isclose(share.filter(F.col("g") == "a").agg(F.sum("share")).first()[0], 1.0)


def test_actions(retail, retail_pd, capsys):
    assert retail.count() == len(retail_pd)
    head = retail.head(3)
    assert len(head) == 3 and head[0].invoice_no == retail_pd.invoice_no[0]
    assert retail.take(2) == head[:2]
    assert retail.first() == head[0]
    assert head[0]["quantity"] == head[0].quantity == head[0][3]
    assert head[0].asDict()["country"] == retail_pd.country[0]
    assert retail.filter(F.col("quantity") > 10 ** 7).isEmpty()
    retail.select("country", "quantity").show(2)
    out = capsys.readouterr().out
    assert out.splitlines()[1] == "|       country|quantity|"
    assert "only showing top 2 rows" in out
    retail.filter(F.col("quantity") > 0).select("country").explain()
    assert "country" in capsys.readouterr().out


def test_cache_runs_once_and_keeps_rows(retail, retail_pd):
    cached = retail.filter(F.col("country") == "EIRE").cache()
    assert cached.count() == int((retail_pd.country == "EIRE").sum())
    assert cached.agg(F.sum("quantity")).first()[0] == \
        retail_pd[retail_pd.country == "EIRE"].quantity.sum()


def test_describe(retail, retail_pd):
    d = {r.summary: r for r in retail.describe("quantity").collect()}
    assert int(d["count"].quantity) == len(retail_pd)
    assert math.isclose(float(d["mean"].quantity), retail_pd.quantity.mean())
    assert math.isclose(float(d["stddev"].quantity), retail_pd.quantity.std())


def test_repr_html_shows_rows_types_and_count(retail, retail_pd):
    html = retail.select("country", "quantity")._repr_html_()
    assert html.count("<tr>") == 21  # the header and 20 rows
    assert "<small>int</small>" in html and "<small>string</small>" in html
    assert f"of {len(retail_pd):,} rows" in html
