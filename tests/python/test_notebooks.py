"""The shipped notebooks (notebooks/*.ipynb), executed headless as Jupyter runs them: every cell
runs, each analytic's DataFrame and SQL answers equal `tally report --format json` and
`tally wdi ... --format json`, and the notebook exported to HTML renders in Chromium."""
import json
import math
import os
import shutil
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import SOURCE_DIR, TALLY_BINARY

NOTEBOOKS = os.path.join(SOURCE_DIR, "notebooks")
GDP_GROWTH = "NY.GDP.MKTP.KD.ZG"


@pytest.fixture(scope="module")
def notebook_warehouse(warehouse):
    """The test warehouse with the WDI data added."""
    subprocess.run([TALLY_BINARY, "--warehouse", str(warehouse), "ingest",
                    os.path.join(SOURCE_DIR, "data", "wdi.csv.zst"), "--table", "wdi"],
                   check=True, capture_output=True)
    return warehouse


def execute(name, warehouse, dump):
    """Runs the notebook with a last cell that prints `dump` (an expression) as JSON."""
    book = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
    book.cells.append(nbformat.v4.new_code_cell(
        "import json as _json\nprint(_json.dumps(" + dump + ", default=str))"))
    os.environ["TALLY_WAREHOUSE"] = str(warehouse)
    try:
        NotebookClient(book, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": NOTEBOOKS}}).execute()
    finally:
        del os.environ["TALLY_WAREHOUSE"]
    last = book.cells[-1].outputs
    values = json.loads("".join(o.get("text", "") for o in last if o.output_type == "stream"))
    book.cells.pop()
    return book, values


def cli_json(warehouse, *args):
    out = subprocess.run([TALLY_BINARY, "--warehouse", str(warehouse), *args, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def close(a, b):
    if isinstance(a, float) and math.isnan(a):
        a = None  # pandas' missing value
    if a is None or b is None:
        return a is None and b is None
    if isinstance(b, str):
        return str(a) == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def rows_equal(got, want, keys):
    assert len(got) == len(want)
    for g, w in zip(got, want):
        for k in keys:
            assert close(g[k], w[k]), (k, g, w)


def render(book, tmp_path, name, min_charts, min_tables):
    if shutil.which("node") is None or not os.path.isdir(
            os.path.join(SOURCE_DIR, "tests", "node", "node_modules", "playwright-core")):
        pytest.skip("node and playwright-core (scripts/setup.sh --test) are needed to render")
    from nbconvert import HTMLExporter
    html, _ = HTMLExporter().from_notebook_node(book)
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    check = subprocess.run(["node", os.path.join(SOURCE_DIR, "tests", "node", "notebook_check.mjs"),
                            str(page), str(min_charts), str(min_tables),
                            str(tmp_path / f"{name}.png")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_retail_notebook(notebook_warehouse, tmp_path):
    book, got = execute("retail_analytics.ipynb", notebook_warehouse,
                        "{'stats': stats.reset_index().to_dict('records'), "
                        "'stats_sql': stats_sql.reset_index().to_dict('records'), "
                        "'monthly': monthly_pd.to_dict('records'), "
                        "'monthly_sql': monthly_sql.to_dict('records'), "
                        "'segments': segments_pd.to_dict('records'), "
                        "'segments_sql': segments_sql.to_dict('records'), 'splits': splits}")
    report = cli_json(notebook_warehouse, "report")
    keys = ["n", "mean", "min", "max", "median", "mode", "p85"]
    want = [report["invoice_amount"], report["invoice_amount_below_p85"]]
    rows_equal(got["stats"], want, keys)
    rows_equal(got["stats_sql"], want, keys)
    keys = ["ym", "gross", "cancelled", "placed", "sales", "growth", "active", "new_users",
            "existing_users"]
    rows_equal(got["monthly"], report["monthly"], keys)
    rows_equal(got["monthly_sql"], report["monthly"], keys)
    keys = ["segment", "customers", "recency", "frequency", "monetary"]
    rows_equal(got["segments"], report["rfm_segments"], keys)
    rows_equal(got["segments_sql"], report["rfm_segments"], keys)
    for metric in ("recency", "frequency", "monetary"):
        assert [float(v) for v in got["splits"][metric]] == report["rfm_splits"][metric]
    # 2 histograms, 4 monthly bar charts, the treemap, and the report's own charts.
    render(book, tmp_path, "retail_analytics", 7, 1)


def test_wdi_notebook(notebook_warehouse, tmp_path):
    book, got = execute("wdi.ipynb", notebook_warehouse,
                        "{'canada': canada_pd.to_dict('records'), "
                        "'canada_sql': canada_sql.to_dict('records'), "
                        "'every_country': every_country_pd.to_dict('records'), "
                        "'peaks': peaks_pd.to_dict('records'), "
                        "'peaks_sql': peaks_sql.to_dict('records')}")
    keys = ["country_name", "country_code", "year", "value"]
    series = cli_json(notebook_warehouse, "wdi", "series", "--indicator", GDP_GROWTH,
                      "--country", "Canada")
    rows_equal(got["canada"], series, keys)
    rows_equal(got["canada_sql"], series, keys)
    every = cli_json(notebook_warehouse, "wdi", "all", "--indicator", GDP_GROWTH)
    rows_equal(got["every_country"], every, keys)
    peak = cli_json(notebook_warehouse, "wdi", "peak", "--indicator", GDP_GROWTH)
    order = lambda rows: sorted(rows, key=lambda r: (r["country_code"], r["year"]))
    rows_equal(order(got["peaks"]), order(peak), keys)
    rows_equal(order(got["peaks_sql"]), order(peak), keys)
    render(book, tmp_path, "wdi", 2, 0)
