// Whether every chart of a page can be read at the page's current width: each visible chart
// text drawn at least `minPx` pixels high, inside its chart, and no two tick or legend labels
// of one chart overlapping. Returns a list of problems (empty when all is well).
export async function legibilityProblems(page, minPx) {
  return page.evaluate((minPx) => {
    const problems = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const svg of document.querySelectorAll('svg')) {
      if (!visible(svg) || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) continue;
      const box = svg.getBoundingClientRect();
      const scale = box.width / svg.viewBox.baseVal.width;
      const name = svg.closest('figure')?.id || svg.getAttribute('aria-label') || 'chart';
      const labels = [];
      for (const t of svg.querySelectorAll('text')) {
        if (!t.textContent.trim() || !visible(t)) continue;
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        if (px < minPx - 0.01)
          problems.push(`${name}: "${t.textContent}" is ${px.toFixed(1)}px`);
        const r = t.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
            r.bottom > box.bottom + 1)
          problems.push(`${name}: "${t.textContent}" is cut off at the chart's edge`);
        if (/tick-label|legend-label/.test(t.getAttribute('class') || '')) labels.push([t, r]);
      }
      for (let i = 0; i < labels.length; i++)
        for (let j = i + 1; j < labels.length; j++) {
          const [a, ra] = labels[i], [b, rb] = labels[j];
          // Line boxes of two-line labels ("Dec" over "2010") touch: a third of a line counts.
          const overlap = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 1 &&
            Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) >
              0.35 * Math.min(ra.height, rb.height);
          if (overlap) problems.push(`${name}: "${a.textContent}" overlaps "${b.textContent}"`);
        }
    }
    return problems;
  }, minPx);
}
