"""Fixtures of the Python package's tests: the real retail data in a warehouse (ingested by the
tally command) and, as the oracle, the same CSV read by pandas."""
import os
import subprocess

import pandas as pd
import pytest

SOURCE_DIR = os.environ.get("TALLY_SOURCE_DIR",
                            os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
TALLY_BINARY = os.environ.get("TALLY_BINARY", os.path.join(SOURCE_DIR, "build", "tally"))
RETAIL_CSV = os.path.join(SOURCE_DIR, "data", "online_retail.csv.zst")


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory):
    """A warehouse holding the real retail data as table "retail"."""
    directory = tmp_path_factory.mktemp("warehouse")
    subprocess.run([TALLY_BINARY, "--warehouse", str(directory), "ingest", RETAIL_CSV,
                    "--table", "retail"], check=True, capture_output=True)
    return directory


@pytest.fixture(scope="session")
def spark(warehouse):
    import tally
    return tally.Session(warehouse=str(warehouse))


@pytest.fixture(scope="session")
def retail_csv(tmp_path_factory):
    """The retail CSV, decompressed."""
    path = tmp_path_factory.mktemp("csv") / "online_retail.csv"
    subprocess.run(["zstd", "-dqf", RETAIL_CSV, "-o", str(path)], check=True)
    return path


@pytest.fixture(scope="session")
def retail_pd(retail_csv):
    """The oracle: the same CSV read by pandas, with the warehouse's column types."""
    frame = pd.read_csv(retail_csv, dtype={
        "invoice_no": str, "stock_code": str, "description": str, "customer_id": "Int32",
        "country": str}, parse_dates=["invoice_date"], keep_default_na=False,
        na_values={"customer_id": [""], "description": [""]})
    return frame
