#!/usr/bin/env python3
"""Draws bench/scale.sh results (name, scale, rows, seconds, KiB per line) as an SVG line chart
of wall time against rows, both on log scales, one line per engine."""
import collections
import math
import sys

COLORS = {"tally-ingest": "#7f7f7f", "tally-csv": "#1f77b4", "tally-warehouse": "#2ca02c",
          "duckdb": "#d62728", "polars": "#9467bd", "pandas": "#8c564b"}
W, H, LEFT, RIGHT, TOP, BOTTOM = 720, 440, 70, 170, 40, 60


def main(results, out):
    series = collections.defaultdict(list)
    for line in open(results):
        if line.strip():
            name, _, rows, sec, _ = line.rstrip("\n").split("\t")
            series[name].append((int(rows), max(float(sec), 0.01)))
    xs = [r for s in series.values() for r, _ in s]
    ys = [t for s in series.values() for _, t in s]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    px = lambda r: LEFT + (math.log10(r) - x0) / (x1 - x0) * (W - LEFT - RIGHT)
    py = lambda t: H - BOTTOM - (math.log10(t) - y0) / (y1 - y0) * (H - TOP - BOTTOM)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2 - 60}" y="22" font-size="15">Report time against rows</text>']
    for e in range(x0, x1 + 1):
        x = px(10 ** e)
        svg.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{H - BOTTOM}" stroke="#ddd"/>')
        svg.append(f'<text x="{x - 12:.1f}" y="{H - BOTTOM + 18}">1e{e}</text>')
    for e in range(y0, y1 + 1):
        y = py(10 ** e)
        svg.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        svg.append(f'<text x="{LEFT - 50}" y="{y + 4:.1f}">{10.0 ** e:g} s</text>')
    svg.append(f'<text x="{(W - RIGHT) / 2}" y="{H - 15}">rows (log)</text>')
    svg.append(f'<text x="14" y="{H / 2}" transform="rotate(-90 14 {H / 2})">'
               f'wall time, whole process (log)</text>')
    for i, (name, points) in enumerate(sorted(series.items())):
        points.sort()
        color = COLORS.get(name, "#000")
        path = " ".join(f"{px(r):.1f},{py(t):.1f}" for r, t in points)
        svg.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for r, t in points:
            svg.append(f'<circle cx="{px(r):.1f}" cy="{py(t):.1f}" r="3" fill="{color}">'
                       f'<title>{name}: {r:,} rows, {t:.2f} s</title></circle>')
        ly = TOP + 10 + 20 * i
        svg.append(f'<line x1="{W - RIGHT + 15}" y1="{ly}" x2="{W - RIGHT + 35}" y2="{ly}" '
                   f'stroke="{color}" stroke-width="2"/>')
        svg.append(f'<text x="{W - RIGHT + 40}" y="{ly + 4}">{name}</text>')
    svg.append("</svg>")
    open(out, "w").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
