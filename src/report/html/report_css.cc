#include "report/html/report_css.h"

namespace tally {

const char* ReportCss() {
  return R"css(
:root {
  --ink: #1f2328; --muted: #5b636b; --faint: #8a9199; --line: #e4e6e8;
  --paper: #fafaf7; --card: #ffffff; --head: #f3f3ef; --accent: #0072B2;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
.page { max-width: 1240px; margin: 0 auto; padding: 40px 32px 72px; }
.report-header { margin-bottom: 28px; }
.eyebrow {
  margin: 0 0 6px; color: var(--accent); font-size: 12px; font-weight: 600;
  letter-spacing: .08em; text-transform: uppercase;
}
h1 { margin: 0; font-size: 30px; line-height: 1.2; font-weight: 650; letter-spacing: -.01em; }
.source { margin: 6px 0 0; color: var(--muted); overflow-wrap: anywhere; }
.facts {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr));
  gap: 14px 28px; margin: 24px 0 0; padding: 18px 20px; background: var(--card);
  border: 1px solid var(--line); border-radius: 10px;
}
.facts div { min-width: 0; }
.facts dt {
  color: var(--muted); font-size: 11.5px; letter-spacing: .06em; text-transform: uppercase;
}
.facts dd {
  margin: 2px 0 0; font-weight: 600; font-variant-numeric: tabular-nums;
  overflow-wrap: anywhere;
}
.toc { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 22px 0 0; font-size: 14px; }
.toc a { color: var(--accent); text-decoration: none; }
.toc a:hover { text-decoration: underline; }
section { margin-top: 56px; }
h2 {
  margin: 0 0 6px; padding-top: 14px; border-top: 2px solid var(--ink); font-size: 22px;
  font-weight: 650; letter-spacing: -.005em;
}
h3 { margin: 32px 0 10px; font-size: 16px; font-weight: 600; }
.section-no { color: var(--faint); font-weight: 500; margin-right: .35em; }
.lede { margin: 0 0 22px; max-width: 78ch; color: var(--muted); }
code { font-size: .92em; background: #efefea; padding: 1px 4px; border-radius: 3px; }
.chart-grid {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 500px), 1fr));
  gap: 24px; align-items: start;
}
.chart-block {
  margin: 0; min-width: 0; padding: 18px 18px 16px; background: var(--card);
  border: 1px solid var(--line); border-radius: 12px;
  box-shadow: 0 1px 2px rgba(20, 20, 20, .04), 0 6px 18px rgba(20, 20, 20, .035);
}
.chart-block.wide { grid-column: 1 / -1; }
/* Wide figures put the chart and its table side by side on a desktop. */
@media (min-width: 1000px) {
  .chart-block.wide { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.1fr);
    gap: 28px; align-items: start; }
  .chart-block.wide .table-scroll { max-height: 460px; }
  .chart-block.wide th, .chart-block.wide td { padding-left: 9px; padding-right: 9px; }
}
.figure-chart, .figure-data { min-width: 0; }
.chart-block svg { display: block; width: 100%; height: auto; margin-bottom: 6px; }
.chart-block svg + svg { margin-top: 4px; }
figcaption { margin: 6px 2px 12px; color: var(--muted); font-size: 13px; }
.table-scroll {
  max-width: 100%; max-height: 360px; overflow: auto; border: 1px solid var(--line);
  border-radius: 8px; background: var(--card);
  -webkit-overflow-scrolling: touch;
}
table { width: 100%; border-collapse: collapse; font-size: 13.5px; }
caption {
  padding: 8px 10px; text-align: left; color: var(--muted); font-size: 12.5px;
  caption-side: top;
}
th, td { padding: 5px 12px; border-bottom: 1px solid var(--line); white-space: nowrap; text-align: left; }
thead th {
  position: sticky; top: 0; z-index: 1; background: var(--head); color: #3a4148;
  font-size: 12px; font-weight: 600;
}
tbody tr:last-child td { border-bottom: 0; }
tbody tr:nth-child(even) td { background: #fbfbf9; }
tbody tr:hover td { background: #f1f6fb; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.swatch {
  display: inline-block; width: 10px; height: 10px; margin-right: 8px; border-radius: 2px;
  vertical-align: baseline;
}
.standalone-table { margin-top: 8px; }
.standalone-table .table-scroll { max-height: none; }
.footnote { margin-top: 56px; color: var(--faint); font-size: 12.5px; }
/* Charts: the SVGs carry presentation attributes; these rules refine them on the page. */
svg .chart-title { fill: var(--ink); font-size: 16px; font-weight: 600; }
svg .tick-label, svg .tick-label-sub, svg .legend-label { fill: var(--muted); }
svg .tick-label-sub { fill: var(--faint); }
svg .axis-label { fill: var(--muted); }
svg .no-data { fill: var(--faint); font-size: 14px; }
svg .outlier-note { fill: var(--muted); font-size: 12px; }
.chart-narrow { display: none; }
svg .mark { transition: opacity .12s; }
svg .mark:hover { opacity: .78; }
@media (max-width: 640px) {
  body { font-size: 14.5px; }
  .page { padding: 22px 14px 48px; }
  h1 { font-size: 24px; }
  h2 { font-size: 19px; }
  section { margin-top: 40px; }
  .facts { grid-template-columns: repeat(2, minmax(0, 1fr)); padding: 14px; gap: 12px 16px; }
  .chart-block { padding: 12px 10px; border-radius: 10px; }
  /* Phones get the charts laid out for their width, so chart text keeps its size. */
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
  .facts .fact-wide { grid-column: 1 / -1; }
  th, td { padding: 5px 9px; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  .toc { display: none; }
  .chart-block { box-shadow: none; border-color: #ccc; break-inside: avoid; page-break-inside: avoid; }
  .chart-grid { display: block; }
  .chart-grid > .chart-block { margin-bottom: 16px; }
  .table-scroll { max-height: none; overflow: visible; }
  thead th { position: static; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  svg .mark:hover { opacity: 1; }
}
)css";
}

}  // namespace tally
