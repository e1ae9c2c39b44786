// Checks that every chart of each page reads at desktop (1280 px) and phone (390 px) width
// (legibility.mjs): prints one line per page and width, exits 1 on any problem.
//   usage: node legibility_check.mjs PAGE.html...
import { launchChromium } from './chromium.mjs';
import { legibilityProblems } from './legibility.mjs';
import { pathToFileURL } from 'node:url';

let failures = 0;
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const file of process.argv.slice(2)) {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const problems = await legibilityProblems(page, 10);
      if (problems.length) failures++;
      console.log(`${problems.length ? 'FAIL' : 'ok'}: ${file} at ${width} px: charts legible` +
        (problems.length ? ` (${problems.length}: ${problems.slice(0, 6).join('; ')})` : ''));
    }
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
