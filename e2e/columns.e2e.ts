import type { Locator, Page } from '@playwright/test';
import { expect, test, type Loupe } from './harness';

const COUNT = 3000;

async function loadDemo(loupe: Loupe): Promise<void> {
  await loupe.call('demo:load', { count: COUNT });
  await loupe.settleJobs();
  await expect(loupe.page.getByTestId('result-count')).toHaveText(`${COUNT.toLocaleString('en-US')} images`, { timeout: 60_000 });
  await expect(loupe.page.locator('[data-testid="image-row"][data-index="0"][data-row-id]')).toBeVisible();
}

/** The header's column ids, left to right. */
async function headerIds(page: Page): Promise<string[]> {
  return page.locator('.grid-header [role="columnheader"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-col') ?? ''));
}

/** The image ids of the first `n` loaded rows on screen. */
async function firstIds(page: Page, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = page.locator(`[data-testid="image-row"][data-index="${i}"][data-row-id]`);
    ids.push(Number(await row.getAttribute('data-image-id')));
  }
  return ids;
}

async function coreOrder(loupe: Loupe, key: string, dir: 'asc' | 'desc', n: number): Promise<number[]> {
  const view = await loupe.call('images:openView', { query: { text: '', sort: [{ key, dir }] }, first: n });
  return view.rows.map((r) => r.id);
}

async function width(l: Locator): Promise<number> {
  return (await l.boundingBox())!.width;
}

test('columns: choose a meta key, sort it both ways, reorder, resize, fit, pin, and keep it all after a restart', async ({ loupe }) => {
  const { page } = loupe;
  await loadDemo(loupe);

  // Choose: the chooser lists ImageInfo fields and typed meta keys, with search.
  await page.getByTestId('topbar-columns').click();
  const chooser = page.getByTestId('column-chooser');
  await expect(chooser.locator('[data-col="hash"]')).toBeVisible();
  await page.getByTestId('column-search').fill('exposure');
  const option = chooser.locator('[data-col="meta.exposure_ms"]');
  await expect(option).toContainText('number');
  await expect(chooser.locator('[data-col="hash"]')).toHaveCount(0);
  await option.locator('input').check();
  await page.getByTestId('column-search').fill('hash');
  await chooser.locator('[data-col="hash"] input').check();
  await loupe.shot('columns-chooser');
  await page.getByTestId('columns-done').click();
  const meta = page.getByTestId('col-meta.exposure_ms');
  await expect(meta).toBeVisible();
  expect((await headerIds(page)).slice(-2)).toEqual(['meta.exposure_ms', 'hash']);

  // The default fits the window: the table is no wider than its pane.
  const grid = page.getByTestId('image-grid');
  const fits = () => grid.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
  expect(await fits()).toBe(true);

  // A meta column sorts both ways, as the core orders it (numbers numerically, missing last).
  await meta.getByRole('button').click();
  await expect(meta).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => firstIds(page, 5)).toEqual(await coreOrder(loupe, 'meta.exposure_ms', 'asc', 5));
  const firstCell = page.locator('[data-testid="image-row"][data-index="0"] [data-col="meta.exposure_ms"]');
  await expect(firstCell).toHaveText('2');
  await meta.getByRole('button').click();
  await expect(meta).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => firstIds(page, 5)).toEqual(await coreOrder(loupe, 'meta.exposure_ms', 'desc', 5));
  await expect(page.getByTestId('sort-indicator')).toContainText('exposure_ms');

  // Reorder: drop the meta column on Size.
  await meta.locator('.header-drag').dragTo(page.getByTestId('col-size'));
  const ids = await headerIds(page);
  expect(ids.indexOf('meta.exposure_ms')).toBe(ids.indexOf('size') - 1);

  // Resize by dragging the edge; double-click the edge to fit the values in view.
  const size = page.getByTestId('col-size');
  const before = await width(size);
  const edge = (await page.getByTestId('resize-size').boundingBox())!;
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 90, edge.y + edge.height / 2, { steps: 5 });
  await page.mouse.up();
  expect(await width(size)).toBeGreaterThan(before + 70);
  await page.getByTestId('resize-dataset').dblclick();
  const clipped = await page
    .locator('[data-testid="image-row"][data-row-id] [data-col="dataset"]')
    .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length);
  expect(clipped).toBe(0);

  // Pin Dataset from the header's menu: it stays put when the table scrolls sideways, as Name does.
  await page.getByTestId('col-dataset').click({ button: 'right' });
  await page.getByTestId('column-menu-pin').click();
  expect((await headerIds(page)).slice(0, 2)).toEqual(['name', 'dataset']);
  await page.getByTestId('resize-name').dblclick();
  await page.getByTestId('resize-hash').dblclick();
  const pinnedX = (await page.getByTestId('col-dataset').boundingBox())!.x;
  const sizeX = (await size.boundingBox())!.x;
  await grid.evaluate((el) => (el.scrollLeft = 300));
  await expect.poll(async () => (await size.boundingBox())!.x).toBeLessThan(sizeX - 100);
  expect((await page.getByTestId('col-dataset').boundingBox())!.x).toBeCloseTo(pinnedX, 0);
  const firstName = page.locator('[data-testid="image-row"][data-index="0"] [data-col="name"]');
  expect((await firstName.boundingBox())!.x).toBeLessThan(pinnedX);
  await loupe.shot('columns-pinned-scrolled');
  await grid.evaluate((el) => (el.scrollLeft = 0));

  // A restart restores the layout: order, widths, pins and the chosen columns.
  const layout = await headerIds(page);
  const sizeWidth = await width(size);
  await page.reload();
  await expect(page.locator('[data-testid="image-row"][data-index="0"][data-row-id]')).toBeVisible();
  expect(await headerIds(page)).toEqual(layout);
  expect(await width(page.getByTestId('col-size'))).toBeCloseTo(sizeWidth, 0);
  await expect(page.getByTestId('col-dataset')).toHaveClass(/is-pinned/);
  await expect(page.locator('[data-testid="image-row"][data-index="0"] [data-col="meta.exposure_ms"]')).not.toBeEmpty();
});

test('window sizes: 1024×640 keeps the search box and folds the sidebar; 2560×1440 gives the room to the table', async ({ loupe }) => {
  const { page } = loupe;
  await loadDemo(loupe);
  const grid = page.getByTestId('image-grid');
  const fitsPane = () => grid.evaluate((el) => el.scrollWidth - el.clientWidth);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Loupe');

  await page.setViewportSize({ width: 1024, height: 640 });
  await expect.poll(fitsPane).toBeLessThanOrEqual(1);
  expect((await page.locator('.topbar .search').boundingBox())!.width).toBeGreaterThanOrEqual(400);
  // Every top-bar button stays on screen, the last one (Import) included.
  for (const id of ['topbar-columns', 'topbar-stats', 'topbar-export', 'topbar-import']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.x + box.width, id).toBeLessThanOrEqual(1024);
  }
  await expect(page.getByTestId('sidebar')).toBeHidden();
  const paneWidth = (await grid.boundingBox())!.width;
  expect(paneWidth).toBeGreaterThan(1000);
  await page.getByTestId('sidebar-toggle').click();
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await loupe.shot('layout-1024x640-sidebar-light');
  await page.getByTestId('sidebar-toggle').click();
  await expect(page.getByTestId('sidebar')).toBeHidden();
  // The detail panel overlays the table: the table keeps its width.
  await page.locator('[data-testid="image-row"][data-index="2"][data-row-id]').click();
  await expect(page.getByTestId('detail-close')).toBeVisible();
  expect((await grid.boundingBox())!.width).toBeCloseTo(paneWidth, 0);
  await loupe.shot('layout-1024x640-detail-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('layout-1024x640-detail-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByTestId('detail-close').click();

  await page.setViewportSize({ width: 2560, height: 1440 });
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await expect.poll(fitsPane).toBeLessThanOrEqual(1);
  // The columns fill the pane: no empty strip at the right.
  const header = (await page.locator('.grid-header-row').boundingBox())!;
  const pane = (await grid.boundingBox())!;
  expect(header.width).toBeGreaterThan(pane.width - 20);
  expect(pane.width).toBeGreaterThan(2560 - 300);
  await loupe.shot('layout-2560x1440-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('layout-2560x1440-dark');
});

test('natural order: names sort with digits as numbers, both ways, as the core orders them', async ({ loupe }) => {
  const { page } = loupe;
  await loadDemo(loupe);
  const names = async () =>
    page.locator('[data-testid="image-row"][data-row-id] [data-col="name"]').evaluateAll((els) => els.slice(0, 8).map((e) => e.textContent ?? ''));
  const core = async (dir: 'asc' | 'desc') =>
    (await loupe.call('images:openView', { query: { text: 'street', sort: [{ key: 'name', dir }] }, first: 8 })).rows.map((r) => r.name);
  await page.getByTestId('search').fill('street');
  await page.keyboard.press('Enter');
  await expect.poll(names).toEqual(await core('asc'));
  const shown = await names();
  const num = (n: string) => Number(/(\d+)/.exec(n)?.[1] ?? NaN);
  const sameStem = shown.filter((n) => n.toLowerCase().startsWith(shown[0]!.toLowerCase().split(/\d/)[0]!));
  for (let i = 1; i < sameStem.length; i++) expect(num(sameStem[i]!)).toBeGreaterThanOrEqual(num(sameStem[i - 1]!));
  await page.getByTestId('col-name').getByRole('button').click();
  await expect.poll(names).toEqual(await core('desc'));
  await loupe.shot('natural-order-desc');
});
