import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoFile } from '../electron/core/demo/write-demo';
import type { Locator, Page } from '@playwright/test';
import { expect, test, type Loupe } from './harness';

const DEMO_COUNT = 20_000;
const fmt = (n: number) => n.toLocaleString('en-US');

/** The loaded row at a view position (not a placeholder). */
function rowAt(page: Page, index: number): Locator {
  return page.locator(`[data-testid="image-row"][data-index="${index}"][data-row-id]`);
}

/** The row lies wholly inside the grid's visible height (columns may overflow sideways). */
async function expectRowInView(grid: Locator, row: Locator): Promise<void> {
  const g = (await grid.boundingBox())!;
  const r = (await row.boundingBox())!;
  expect(r.y).toBeGreaterThanOrEqual(g.y);
  expect(r.y + r.height).toBeLessThanOrEqual(g.y + g.height + 0.5);
}

async function loadDemo(loupe: Loupe): Promise<void> {
  const { page } = loupe;
  await page.getByTestId('load-demo').click();
  // The running job shows in the status bar, then the table replaces the empty state.
  await expect(page.getByTestId('image-grid')).toBeVisible({ timeout: 60_000 });
  await loupe.settleJobs();
  await expect(page.getByTestId('result-count')).toHaveText(`${fmt(DEMO_COUNT)} images`);
  await expect(rowAt(page, 0)).toBeVisible();
}

test('demo data: count, scroll to the end, sort, and the detail panel', async ({ loupe }) => {
  const { page, core } = loupe;
  await loadDemo(loupe);

  // The count shown is the cache's count, as app:info and SQLite both say.
  const info = await loupe.call('app:info', {});
  const { n } = core.db.prepare('SELECT count(*) AS n FROM images').get() as { n: number };
  expect(info.image_count).toBe(DEMO_COUNT);
  expect(n).toBe(DEMO_COUNT);
  await expect(page.getByTestId('cache-summary')).toContainText(`${fmt(DEMO_COUNT)} images`);
  await expect(page.getByTestId('source-item')).toContainText(['Demo data']);
  const done = page.getByTestId('notice-success');
  await expect(done).toContainText(`${fmt(DEMO_COUNT)} records: ${fmt(DEMO_COUNT)} new, 0 updated`);
  await done.getByTestId('notice-dismiss').click();
  await expect(done).toBeHidden();

  // Only a window of rows exists in the DOM.
  expect(await page.getByTestId('image-row').count()).toBeLessThan(100);

  // End jumps to the last row; it is the view's last row as the core orders it.
  const grid = page.getByTestId('image-grid');
  await grid.focus();
  await page.keyboard.press('End');
  const view = await loupe.call('images:openView', {
    query: { text: '', sort: [{ key: 'name', dir: 'asc' }] },
  });
  const last = (
    await loupe.call('images:window', { view_id: view.view_id, offset: view.total - 1, limit: 1 })
  ).rows[0]!;
  const lastRow = rowAt(page, DEMO_COUNT - 1);
  await expect(lastRow).toBeVisible();
  await expect(lastRow).toHaveAttribute('data-image-id', String(last.id));
  await expect(lastRow.getByRole('gridcell').first()).toHaveText(last.name);
  await expect(lastRow).toHaveAttribute('aria-selected', 'true');
  await expectRowInView(grid, lastRow);
  // Home goes back; arrows and j/k move the focus one row.
  await page.keyboard.press('Home');
  await expect(rowAt(page, 0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(rowAt(page, 1)).toHaveAttribute('aria-selected', 'true');

  // Sorting by size: ascending, then descending; the first row is SQLite's first row.
  const sizeHeader = page.getByTestId('col-size');
  const firstBySize = (dir: 'ASC' | 'DESC') =>
    (
      core.db.prepare(`SELECT id FROM images ORDER BY size ${dir}, row_id ASC LIMIT 1`).get() as {
        id: number;
      }
    ).id;
  await sizeHeader.getByRole('button').click();
  await expect(sizeHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByTestId('col-name')).toHaveAttribute('aria-sort', 'none');
  await expect(page.getByTestId('col-tags')).not.toHaveAttribute('aria-sort', /.*/);
  await expect(rowAt(page, 0)).toHaveAttribute('data-image-id', String(firstBySize('ASC')));
  await expect(page.getByTestId('sort-indicator')).toContainText('Sorted by Size');
  await sizeHeader.getByRole('button').click();
  await expect(sizeHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(rowAt(page, 0)).toHaveAttribute('data-image-id', String(firstBySize('DESC')));

  // Open a record that has tags (clicking a row opens it), and check what the panel shows.
  const tagged = page
    .locator('[data-testid="image-row"][data-row-id]')
    .filter({ has: page.locator('.chip + .chip') })
    .first();
  const rowId = Number(await tagged.getAttribute('data-row-id'));
  await tagged.click();
  const detail = await loupe.call('images:get', { row_id: rowId });
  const panel = page.getByTestId('detail-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(detail.info.name);
  await expect(panel.locator('[data-field="id"] dd')).toHaveText(String(detail.info.id));
  await expect(panel.locator('[data-field="hash"] dd')).toHaveText(detail.info.hash ?? '—');
  await expect(panel.locator('[data-field="dataset_path"] dd')).toHaveText(detail.dataset);
  await expect(panel.locator('[data-field="source"] dd')).toContainText(detail.source.label);
  await expect(panel.locator('[data-field="synced_at"] dd')).toHaveText(detail.synced_at);
  await expect(panel.getByTestId('detail-tags').locator('li')).toHaveCount(detail.tags.length);
  await expect(panel.getByTestId('detail-tags')).toContainText(detail.tags[0]!.name);
  await expect(panel.getByTestId('detail-raw')).toHaveText(JSON.stringify(detail.raw, null, 2));
  const metaKeys = Object.keys(detail.info.meta ?? {});
  for (const key of metaKeys)
    await expect(panel.locator('.json-key', { hasText: key }).first()).toBeVisible();

  const shot = await loupe.shot('demo-detail');
  // The README's screenshot: refreshed on request (or when missing), so that a test run does
  // not leave the committed image modified.
  const docsShot = join(__dirname, '..', 'docs', 'screenshot.png');
  if (process.env.LOUPE_DOCS_SCREENSHOT || !existsSync(docsShot)) copyFileSync(shot, docsShot);
  // Raw JSON: copied exactly as shown.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await panel.getByTestId('copy-raw').click();
  await expect(panel.getByTestId('copy-raw')).toContainText('Copied');
  const clip = await page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
  expect(JSON.parse(clip)).toEqual(detail.raw);
  await panel.getByTestId('detail-raw').scrollIntoViewIfNeeded();
  await loupe.shot('demo-detail-raw');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('demo-detail-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The panel follows the keyboard focus, and Esc closes it.
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  const nextId = await page
    .locator('[data-testid="image-row"][aria-selected="true"]')
    .getAttribute('data-image-id');
  await expect(panel.locator('[data-field="id"] dd')).toHaveText(nextId!);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-panel')).toBeVisible();
  await page.getByTestId('detail-close').click();
  await expect(page.getByTestId('detail-panel')).toBeHidden();
});

test('search narrows the view and the count; an expired view is reopened', async ({ loupe }) => {
  const { page, core } = loupe;
  await loadDemo(loupe);

  await page.getByTestId('search').fill('street');
  // The count is the core's own for that text (how text matches is the core's business).
  const { total: n } = await loupe.call('images:openView', {
    query: { text: 'street', sort: [{ key: 'name', dir: 'asc' }] },
  });
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(DEMO_COUNT);
  await expect(page.getByTestId('result-count')).toHaveText(
    `${fmt(n)} of ${fmt(DEMO_COUNT)} images`,
  );
  await expect(rowAt(page, 0).getByRole('gridcell').first()).toContainText('street');

  await page.getByTestId('search').fill('no such image anywhere');
  await expect(page.getByTestId('no-results')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(page.getByTestId('result-count')).toHaveText(`${fmt(DEMO_COUNT)} images`);
  await expect(rowAt(page, 0)).toBeVisible();

  // Other clients open views until the core evicts the page's; the next window the page
  // asks for fails with NOT_FOUND and the page reopens its view instead of breaking.
  for (let i = 0; i < 20; i++) {
    await loupe.call('images:openView', { query: { text: `IMG_${i}`, sort: [] } });
  }
  const grid = page.getByTestId('image-grid');
  await grid.focus();
  await page.keyboard.press('End');
  const { id: lastId } = core.db
    .prepare('SELECT id FROM images ORDER BY natural_key(name) DESC, name DESC, row_id DESC LIMIT 1')
    .get() as { id: number };
  await expect(rowAt(page, DEMO_COUNT - 1)).toHaveAttribute('data-image-id', String(lastId));
  const expired = loupe.calls.findIndex(
    (c) => c.channel === 'images:window' && c.code === 'NOT_FOUND',
  );
  expect(expired, 'the page saw its view expire').toBeGreaterThanOrEqual(0);
  expect(loupe.calls.slice(expired).map((c) => c.channel)).toContain('images:openView');
  await expect(page.getByTestId('view-error')).toHaveCount(0);

  // When the cache changes, the view is reopened with the same text and sort.
  await page.getByTestId('search').fill('street');
  await page.getByTestId('col-size').getByRole('button').click();
  await expect(page.getByTestId('col-size')).toHaveAttribute('aria-sort', 'ascending');
  const more = join(loupe.dir, 'more.jsonl');
  await writeDemoFile(more, 500, 99);
  loupe.setImportFile(more);
  await page.getByTestId('topbar-import').click();
  await page.getByTestId('import-file').click();
  // The demo's own success note may still be showing: pick this import's.
  await expect(
    page.getByTestId('notice-success').filter({ hasText: 'Import more.jsonl' }),
  ).toContainText('500 new');
  const after = await loupe.call('images:openView', {
    query: { text: 'street', sort: [{ key: 'size', dir: 'asc' }] },
  });
  const first = (await loupe.call('images:window', { view_id: after.view_id, offset: 0, limit: 1 }))
    .rows[0]!;
  await expect(page.getByTestId('result-count')).toHaveText(
    `${fmt(after.total)} of ${fmt(DEMO_COUNT + 500)} images`,
  );
  await expect(page.getByTestId('search')).toHaveValue('street');
  await expect(page.getByTestId('col-size')).toHaveAttribute('aria-sort', 'ascending');
  await expect(rowAt(page, 0)).toHaveAttribute('data-image-id', String(first.id));
});
