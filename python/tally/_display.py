"""How results look: show() as Spark prints it, and HTML tables for Jupyter."""
import datetime
import decimal
import html


def _text(value):
    """A value as Spark's show() prints it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, decimal.Decimal)):
        return str(value)
    return str(value)


def show_text(result, n, truncate, vertical):
    """The first n rows of `result` (which holds at most n + 1) as Spark's show() prints them."""
    names = [name for name, _, _ in result.schema()]
    rows = result.rows()
    more = len(rows) > n
    rows = rows[:n]
    width = 20 if truncate is True else (int(truncate) if truncate else 0)

    def cut(s):
        if width and len(s) > width:
            return s[:width - 3] + "..." if width >= 4 else s[:width]
        return s

    cells = [[cut(_text(v)) for v in row] for row in rows]
    if vertical:
        label = max((len(n) for n in names), default=0)
        out = []
        for i, row in enumerate(cells):
            out.append(f"-RECORD {i}" + "-" * 10)
            out.extend(f" {name.ljust(label)} | {value}" for name, value in zip(names, row))
        if not cells:
            out.append("(0 rows)")
        text = "\n".join(out) + "\n"
    else:
        widths = [max([3, len(cut(h))] + [len(r[i]) for r in cells]) for i, h in
                  enumerate(names)]
        line = "+" + "+".join("-" * w for w in widths) + "+"

        def fmt(values):
            # Spark right-aligns when truncating, left-aligns otherwise.
            if truncate:
                return "|" + "|".join(v.rjust(w) for v, w in zip(values, widths)) + "|"
            return "|" + "|".join(v.ljust(w) for v, w in zip(values, widths)) + "|"

        out = [line, fmt([cut(h) for h in names]), line]
        out.extend(fmt(r) for r in cells)
        out.append(line)
        text = "\n".join(out) + "\n"
    if more:
        text += f"only showing top {n} row{'s' if n != 1 else ''}\n"
    return text


def _html_value(value, kind):
    if value is None:
        return '<td class="null">NULL</td>'
    text = html.escape(_text(value))
    numeric = kind in ("int32", "int64", "double") or kind.startswith("decimal")
    return f'<td style="text-align:right">{text}</td>' if numeric else f"<td>{text}</td>"


def html_table(result, total_rows, max_rows):
    """The first max_rows rows as an HTML table, the types under the names, and the row count."""
    from tally.types import _from_engine

    schema = result.schema()
    rows = result.rows()[:max_rows]
    head = "".join(
        f"<th>{html.escape(name)}<br><small>{html.escape(_from_engine(kind).simpleString())}"
        f"</small></th>" for name, kind, _ in schema)
    body = "".join(
        "<tr>" + "".join(_html_value(v, kind) for v, (_, kind, _) in zip(row, schema)) + "</tr>"
        for row in rows)
    shown = f"showing the first {len(rows):,} of " if total_rows > len(rows) else ""
    caption = f"{shown}{total_rows:,} row{'s' if total_rows != 1 else ''}, {len(schema)} column" \
              f"{'s' if len(schema) != 1 else ''}"
    return ('<table class="tally-dataframe" border="1">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p><small>{caption}</small></p>")
