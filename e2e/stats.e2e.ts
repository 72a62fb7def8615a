import type { Page } from '@playwright/test';
import { checkSummary } from '../electron/core/cache/quality-checks';
import { QUALITY_CHECKS } from '../shared/quality-checks';
import { querySchema } from '../shared/query';
import { formatClause } from '../shared/query-language';
import { QUALITY_RECORDS, writeQualityDump } from '../test-support/quality-fixture';
import { expect, test, type Loupe } from './harness';

const DEMO_COUNT = 5_000;

/** The count on a check's button, once the panel has it. */
async function checkCount(page: Page, id: string): Promise<number> {
  // Until the panel has the new query's answers it shows the previous one's.
  await expect(page.getByTestId('stats-panel')).toHaveAttribute('aria-busy', 'false');
  const el = page.getByTestId(`check-${id}`).locator('.check-count');
  await expect(el).not.toHaveAttribute('data-count', '');
  return Number(await el.getAttribute('data-count'));
}

/** The panel's counts equal the core's for the current query: checks, histogram and top bars. */
async function expectCoreCounts(loupe: Loupe, text: string): Promise<void> {
  const { page } = loupe;
  const query = querySchema.parse({ text });
  await expect(page.getByTestId('stats-panel')).toHaveAttribute('aria-busy', 'false');
  const checks = await loupe.call('checks:summary', { query });
  for (const c of QUALITY_CHECKS) expect(await checkCount(page, c.id), c.id).toBe(checks[c.id]);
  const [width] = await loupe.call('stats:histograms', { query, histograms: ['width'] });
  const bars = page.getByTestId('histogram-width').locator('rect.bar');
  await expect(bars).toHaveCount(width?.bins.length ?? 0);
  const shown = await bars.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-count'))));
  expect(shown).toEqual(width?.bins.map((b) => b.count));
  const facets = await loupe.call('facets:get', { query, facets: ['dataset'], limit: 8 });
  const datasets = await page.getByTestId('top-dataset').locator('.topbar').evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-count'))));
  expect(datasets).toEqual(facets.facets[0]?.values.map((v) => v.count));
}

test('stats panel: counts equal the core’s, a brushed range and a check become chips, light and dark', async ({ loupe }) => {
  test.setTimeout(300_000);
  const { page } = loupe;
  // Both jobs at once: the second waits for the first's write lock (it used to fail on the busy timeout).
  await loupe.call('demo:load', { count: DEMO_COUNT, seed: 3 });
  await loupe.call('import:paths', { paths: [writeQualityDump(loupe.dir, 'odd', QUALITY_RECORDS)] });
  await loupe.settleJobs();
  expect(loupe.core.jobs.list().map((j) => j.state)).toEqual(['done', 'done']);
  await expect(page.getByTestId('image-grid')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('notice-dismiss').first().click({ timeout: 5_000 }).catch(() => undefined);

  await page.getByTestId('topbar-stats').click();
  await expect(page.getByTestId('stats-panel')).toBeVisible();
  await expectCoreCounts(loupe, '');
  await loupe.shot('stats-panel-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('stats-panel-dark');
  // Further down: the histograms and the top values, hovered for a tooltip.
  await page.getByTestId('histogram-created').scrollIntoViewIfNeeded();
  await page.getByTestId('histogram-created').locator('rect.hit').nth(3).hover();
  await loupe.shot('stats-panel-charts-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await loupe.shot('stats-panel-charts-light');
  await page.getByTestId('top-tag').scrollIntoViewIfNeeded();
  await loupe.shot('stats-panel-top-light');

  // Brush the first three width bins: one range chip, and the panel follows the new query.
  const [width] = await loupe.call('stats:histograms', { query: querySchema.parse({ text: '' }), histograms: ['width'] });
  const hits = page.getByTestId('histogram-width').locator('rect.hit');
  await hits.nth(0).hover();
  await page.mouse.down();
  await hits.nth(2).hover();
  await page.mouse.up();
  const chip = formatClause({
    type: 'clause',
    field: 'width',
    op: 'range',
    min: String(width?.bins[0]?.lo),
    max: String(width?.bins[2]?.hi),
    min_inclusive: true,
    max_inclusive: false,
    negated: false,
    enabled: true,
  });
  await expect(page.getByTestId('filter-chip')).toContainText(chip);
  await expectCoreCounts(loupe, chip);

  await page.getByTestId('filter-chip').getByTestId('filter-chip-remove').click();
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);

  // Megapixels: a click on its fullest bin adds an mp range chip (a computed query field).
  const [mp] = await loupe.call('stats:histograms', { query: querySchema.parse({ text: '' }), histograms: ['megapixels'] });
  const counts = mp?.bins.map((b) => b.count) ?? [];
  const fullest = counts.indexOf(Math.max(...counts));
  await page.getByTestId('histogram-megapixels').scrollIntoViewIfNeeded();
  await page.getByTestId('histogram-megapixels').locator('rect.hit').nth(fullest).click();
  const mpChip = formatClause({
    type: 'clause',
    field: 'mp',
    op: 'range',
    min: String(mp?.bins[fullest]?.lo),
    max: String(mp?.bins[fullest]?.hi),
    min_inclusive: true,
    max_inclusive: fullest === counts.length - 1,
    negated: false,
    enabled: true,
  });
  await expect(page.getByTestId('filter-chip')).toContainText(mpChip);
  await expectCoreCounts(loupe, mpChip);
  await expect(page.getByTestId('result-count')).toHaveText(new RegExp(`^${(counts[fullest] ?? 0).toLocaleString('en')} of `));
  await page.getByTestId('histogram-size').scrollIntoViewIfNeeded();
  await loupe.shot('stats-mp-brushed-light');
  await page.getByTestId('filter-chip').getByTestId('filter-chip-remove').click();
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);

  // A check's offenders as a view: the is: chip, the table's count is the check's count.
  const all = await loupe.call('checks:summary', { query: querySchema.parse({ text: '' }) });
  const direct = checkSummary(loupe.core.db, querySchema.parse({ text: '' }));
  expect([all['duplicate-name'], direct['duplicate-name']]).toEqual([2, 2]);
  await expect(page.getByTestId('check-duplicate-name').locator('.check-count')).toHaveAttribute('data-count', '2');
  await page.getByTestId('check-duplicate-name').click();
  await expect(page.getByTestId('filter-chip')).toHaveText([/is:duplicate-name/]);
  await expect(page.getByTestId('result-count')).toHaveText(/^2 of /);
  await expectCoreCounts(loupe, 'is:duplicate-name');
  await loupe.shot('stats-check-view-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('stats-check-view-dark');
});
