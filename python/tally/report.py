"""The retail report (tally report) of a DataFrame, for notebooks: shown inline with its charts."""
import html
import json

from tally import _tally
from tally._files import write_atomically

__all__ = ["Report", "report"]


class Report:
    """The report as HTML (its charts and tables), JSON (the peers' normalized form, as
    `tally report --format json`) and console text."""

    def __init__(self, html_page, json_text, text):
        self.html = html_page
        self.json_text = json_text
        self.text = text

    @property
    def json(self):
        return json.loads(self.json_text)

    def _repr_html_(self):
        # The page in a frame of its own, so its styles leave the notebook's alone.
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                'style="width:100%;height:1400px;border:1px solid #e4e6e8" '
                'title="tally report"></iframe>')

    def __str__(self):
        return self.text

    def save(self, path):
        """Writes the HTML page to `path` (atomically)."""
        return write_atomically(path, self.html)


def report(df, as_of=None, rfm_scoring="spark", quantiles="element",
           sections=("invoices", "monthly", "rfm"), source="DataFrame"):
    """Every retail analytic of `df` (the retail columns: invoice_no, stock_code, description,
    quantity, invoice_date, unit_price, customer_id, country), as `tally report` computes it."""
    unknown = set(sections) - {"invoices", "monthly", "rfm"}
    if unknown:
        raise ValueError(f"unknown sections {sorted(unknown)} (invoices, monthly, rfm)")
    if as_of is not None and not isinstance(as_of, str):
        as_of = as_of.isoformat()[:10]
    html_page, json_text, text = _tally.report(
        df._df, ["html", "json", "text"], rfm_scoring, quantiles, as_of,
        "invoices" in sections, "monthly" in sections, "rfm" in sections, source)
    return Report(html_page, json_text, text)
