// Opens a notebook exported to HTML (jupyter nbconvert) in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) and checks that it renders: no console or page
// errors, no request that leaves the machine, at least MIN_CHARTS SVG charts of tally and
// MIN_TABLES DataFrame tables. Prints one line per check and exits 1 on any failure.
//   usage: node notebook_check.mjs NOTEBOOK.html MIN_CHARTS MIN_TABLES SCREENSHOT.png
import { launchChromium } from './chromium.mjs';
import { pathToFileURL } from 'node:url';

const [htmlPath, minCharts, minTables, shot] = process.argv.slice(2);
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'FAIL'}: ${what}`);
  if (!ok) failures++;
};

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('data:')) requests.push(r.url()); });
  const url = pathToFileURL(htmlPath).href;
  await page.goto(url, { waitUntil: 'load' });
  check(errors.length === 0, `no console or page errors ${errors.join(' | ')}`);
  // nbconvert links Debian's local copies of require.js and MathJax: files, never the network.
  const remote = requests.filter((r) => !r.startsWith('file:'));
  check(remote.length === 0, `no request leaves the machine (${remote.join(', ')})`);
  const charts = await page.locator('svg.chart').count();
  check(charts >= Number(minCharts), `${charts} tally charts (at least ${minCharts})`);
  const tables = await page.locator('table.tally-dataframe').count();
  check(tables >= Number(minTables), `${tables} DataFrame tables (at least ${minTables})`);
  const errorsShown = await page.locator('.output_error, [data-mime-type="application/vnd.jupyter.stderr"]').count();
  check(errorsShown === 0, `no error output in the cells (${errorsShown})`);
  await page.screenshot({ path: shot, fullPage: false });
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
