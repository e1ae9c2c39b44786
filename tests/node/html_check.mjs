// Opens tally's HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) and checks it against the JSON report of the same run:
//   - the page loads from the file alone: no console errors, no page errors, no requests
//     other than the file itself;
//   - every chart has the expected number of marks (bars = months, treemap tiles = non-empty
//     segments, 25 R-by-F cells, histogram bins);
//   - the numbers in the tables equal the JSON;
//   - at desktop and phone width every chart reads: text at least 10 px, inside its chart, tick
//     and legend labels apart (legibility.mjs); every treemap tile named; the colours a caption
//     names are the colours drawn.
// Writes screenshots (desktop and phone width). Prints one line per check and exits 1 on any
// failure.  usage: node html_check.mjs REPORT.html REPORT.json SCREENSHOT_PREFIX
import { launchChromium } from './chromium.mjs';
import { legibilityProblems } from './legibility.mjs';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [htmlPath, jsonPath, shotPrefix] = process.argv.slice(2);
const report = JSON.parse(readFileSync(jsonPath, 'utf8'));
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'FAIL'}: ${what}`);
  if (!ok) failures++;
};
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(htmlPath).href;
  await page.goto(url, { waitUntil: 'load' });
  check(errors.length === 0, `no console or page errors ${errors.join(' | ')}`);
  check(requests.length === 1 && requests[0] === url,
    `no request besides the page itself (${requests.length} requests)`);

  const count = (selector) => page.locator(selector).count();
  const months = report.monthly.length;
  check(await count('#monthly-orders .chart-wide .mark.bar') === 2 * months, `orders chart: 2 x ${months} bars`);
  check(await count('#monthly-sales .chart-wide .mark.bar') === months, `sales chart: ${months} bars`);
  check(await count('#monthly-growth .chart-wide .mark.bar') === months - 1, `growth chart: ${months - 1} bars`);
  const negative = report.monthly.filter((m) => m.growth !== null && m.growth < 0).length;
  check(await count('#monthly-growth .chart-wide .mark.bar.negative') === negative,
    `growth chart: ${negative} bars below the axis`);
  check(await count('#monthly-active .chart-wide .mark.bar') === months, `active chart: ${months} bars`);
  check(await count('#monthly-new-existing .chart-wide .mark.bar') === 2 * months,
    `new/existing chart: 2 x ${months} stacked bars`);
  const segments = report.rfm_segments.filter((s) => s.customers > 0).length;
  check(await count('#rfm-treemap .chart-wide .mark.tile') === segments, `treemap: ${segments} tiles`);
  check(await count('#rfm-grid .chart-wide .mark.cell') === 25, 'R-by-F grid: 25 cells');
  check(await count('#invoice-amounts-all .chart-wide .mark.bin') > 0, 'histogram of all invoices drawn');
  check(await count('#invoice-amounts-below-p85 .chart-wide .mark.bin') > 0, 'histogram below p85 drawn');

  // Table cells: data-column (the JSON key) and data-value (the raw number) per row data-key.
  const cells = async (tableId) => page.$$eval(`#${tableId} tbody tr`, (rows) => rows.map((tr) => {
    const values = {};
    for (const td of tr.querySelectorAll('td[data-column]'))
      values[td.dataset.column] = td.dataset.value === undefined ? null : Number(td.dataset.value);
    return { key: tr.dataset.key, values };
  }));
  const compareRow = (label, row, expected, columns) => {
    const bad = columns.filter((c) => {
      const want = expected[c];
      const got = row ? row.values[c] : undefined;
      return want === null ? !(got === null || got === undefined) : !(got !== undefined && close(got, want));
    });
    check(row && bad.length === 0, `${label} equals the JSON${bad.length ? ` (differs: ${bad})` : ''}`);
  };

  const monthly = await cells('monthly-table');
  check(monthly.length === months, `monthly table: ${months} rows`);
  for (const m of report.monthly)
    compareRow(`monthly table ${m.ym}`, monthly.find((r) => r.key === String(m.ym)), m,
      ['gross', 'cancelled', 'placed', 'sales', 'growth', 'active', 'new_users', 'existing_users']);

  const stats = await cells('invoice-stats-table');
  for (const key of ['invoice_amount', 'invoice_amount_below_p85'])
    compareRow(`invoice statistics ${key}`, stats.find((r) => r.key === key), report[key],
      ['n', 'mean', 'min', 'max', 'median', 'mode', 'p85']);

  const segmentRows = await cells('rfm-segments-table');
  // Every one of the ten segments has a row; those the JSON lacks hold 0 customers.
  check(segmentRows.length === 10, `segment table: a row for each of the 10 segments (${segmentRows.length})`);
  for (const s of report.rfm_segments)
    compareRow(`segment ${s.segment}`, segmentRows.find((r) => r.key === s.segment), s,
      ['customers', 'recency', 'frequency', 'monetary']);

  // The phone drawing has the same marks as the desktop one.
  for (const fig of ['monthly-orders', 'monthly-growth', 'rfm-treemap', 'rfm-grid', 'invoice-amounts-all'])
    check(await count(`#${fig} .chart-narrow .mark`) === await count(`#${fig} .chart-wide .mark`),
      `${fig}: the phone drawing has the desktop drawing's marks`);

  // Colours named in a caption are drawn in that figure; there is no plain red in the palette.
  const palette = { 'orange-red': '#D55E00', blue: '#0072B2', orange: '#E69F00', green: '#009E73' };
  const figures = await page.$$eval('figure', (fs) => fs.map((f) => ({
    id: f.id, caption: f.querySelector('figcaption')?.textContent || '', html: f.innerHTML })));
  for (const f of figures) {
    const words = f.caption.toLowerCase().match(/\b(orange-red|red|blue|orange|green)\b/g) || [];
    for (const w of words)
      check(palette[w] && f.html.toUpperCase().includes(palette[w]),
        `${f.id}: the caption's "${w}" is a colour drawn (${palette[w] || 'not in the palette'})`);
  }

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const problems = await legibilityProblems(page, 10);
    check(problems.length === 0, `${width} px: every chart text 10 px or more, inside its chart, labels apart` +
      (problems.length ? ` (${problems.length}: ${problems.slice(0, 5).join('; ')})` : ''));
    // Every treemap tile is named on the tile or in the key under it.
    const unnamed = await page.$$eval('#rfm-treemap svg', (svgs) => svgs.filter((svg) => svg.getBoundingClientRect().width > 0)
      .flatMap((svg) => {
        const text = [...svg.querySelectorAll('text')].map((t) => t.textContent).join(' ');
        return [...svg.querySelectorAll('.mark.tile')].map((t) => t.dataset.name).filter((n) => !text.includes(n));
      }));
    check(unnamed.length === 0, `${width} px: every treemap tile named (${unnamed.join(', ') || 'all'})`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shotPrefix}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shotPrefix}-390.png`, fullPage: false });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  check(overflow <= 390, `phone width: no horizontal page scroll (${overflow}px)`);
} finally {
  await browser.close();
}
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
