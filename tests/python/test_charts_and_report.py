"""tally.charts and tally.report: the drawn values come from the engine and equal pandas'; the
report equals `tally report --format json`."""
import json
import re
import subprocess

import numpy as np
import pandas as pd
import pytest

import tally
from tally import charts
from tally import functions as F

from conftest import TALLY_BINARY


def marks(svg, kind):
    """(data-category or data-lower, data-value) of each mark of a kind, in order."""
    out = []
    for tag in re.findall(r"<(?:rect|circle)[^>]*class=\"mark " + kind + r"[^>]*>", svg):
        category = re.search(r'data-(?:category|lower|name)="([^"]*)"', tag).group(1)
        value = re.search(r'data-value="([^"]*)"', tag).group(1)
        out.append((category, float(value)))
    return out


@pytest.fixture(scope="module")
def monthly(spark):
    retail = spark.table("retail")
    return (retail.groupBy(F.date_trunc("month", "invoice_date").alias("month"))
            .agg(F.countDistinct("invoice_no").alias("invoices"),
                 F.sum("quantity").alias("units")).orderBy("month"))


def monthly_pd(retail_pd):
    g = retail_pd.groupby(retail_pd.invoice_date.dt.to_period("M"))
    return pd.DataFrame({"invoices": g.invoice_no.nunique(), "units": g.quantity.sum()})


def test_bar_chart_draws_the_engines_values(monthly, retail_pd):
    chart = charts.bar(monthly, x="month", y=["invoices", "units"], title="Per month")
    want = monthly_pd(retail_pd)
    bars = marks(chart.svg, "bar")
    assert len(bars) == 2 * len(want)
    by_month = {}
    for category, value in bars:
        by_month.setdefault(category, []).append(value)
    assert [v[0] for v in by_month.values()] == list(want.invoices)
    assert [v[1] for v in by_month.values()] == list(want.units)
    assert list(by_month)[0] == "2010-12-01"
    assert "<style>" in chart._repr_svg_() and 'aria-label="Per month"' in chart.svg


def test_line_chart_and_pandas_input(monthly, retail_pd):
    chart = charts.line(monthly.toPandas(), x="month", y="invoices")
    points = marks(chart.svg, "point")
    assert [v for _, v in points] == list(monthly_pd(retail_pd).invoices)


def test_histogram_counts_equal_numpys(spark, retail_pd):
    retail = spark.table("retail")
    chart = charts.histogram(retail, "quantity", bins=10, range=(0, 100))
    counts = [v for _, v in marks(chart.svg, "bin")]
    want, _ = np.histogram(retail_pd.quantity, bins=10, range=(0, 100))
    assert counts == list(want)
    # Without a range: the column's min to max, every row counted.
    positive = retail.filter(F.col("unit_price") > 0)
    total = sum(v for _, v in marks(charts.histogram(positive, "unit_price", bins=25).svg, "bin"))
    assert total == int((retail_pd.unit_price > 0).sum())


def test_treemap_has_a_tile_per_positive_value(spark, retail_pd):
    top = spark.table("retail").groupBy("country").count().orderBy(F.desc("count")).limit(6)
    tiles = marks(charts.treemap(top, "country", "count").svg, "tile")
    want = retail_pd.country.value_counts().head(6)
    assert dict(tiles) == {k: float(v) for k, v in want.items()}


def test_charts_save_svg_files(monthly, tmp_path):
    path = charts.bar(monthly, "month", "invoices").save(tmp_path / "bars.svg")
    assert open(path).read().startswith("<svg")


def test_too_many_categories_is_refused(spark):
    with pytest.raises(ValueError, match="categories"):
        charts.bar(spark.table("retail"), "invoice_no", "quantity")


def test_report_equals_the_command_line_report(spark, warehouse, tmp_path):
    report = tally.report(spark.table("retail"), as_of="2011-12-10")
    cli = subprocess.run([TALLY_BINARY, "--warehouse", str(warehouse), "report", "--format",
                          "json", "--as-of", "2011-12-10"], check=True, capture_output=True,
                         text=True).stdout
    assert report.json == json.loads(cli)
    assert "<svg" in report.html and report.html.count("class=\"chart") > 5
    assert report._repr_html_().startswith("<iframe srcdoc=")
    assert "Invoice amounts" in str(report)
    assert open(report.save(tmp_path / "r.html")).read() == report.html


def test_report_of_a_filtered_dataframe_equals_sql_on_the_same_rows(spark):
    france = spark.table("retail").filter(F.col("country") == "France")
    report = tally.report(france, sections=["monthly"])
    months = report.json["monthly"]
    total = sum(m["gross"] for m in months)
    assert total == france.select("invoice_no").distinct().count()
    with pytest.raises(ValueError, match="unknown sections"):
        tally.report(france, sections=["nope"])
