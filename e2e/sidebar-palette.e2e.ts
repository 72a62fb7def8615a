import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from '@playwright/test';
import { exportColumnsForView } from '../shared/export';
import { expect, test } from './harness';

/** The sidebar (filters first, folding sections that stay folded), the palette (every command,
 * grouped, scrolling visibly, keys across groups, go to an image by id), the loading status
 * counting what was read, landmarks, and "visible columns" exports carrying meta columns. */

async function top(page: Page, testId: string): Promise<number> {
  return (await page.getByTestId(testId).boundingBox())!.y;
}

test('loading counts what was read; filters come first; sections fold and stay folded after a restart', async ({ loupe }) => {
  const { page } = loupe;
  await page.getByTestId('empty-state').getByRole('button', { name: 'Load demo data' }).click();
  // The status names what it has read of how many, never "0 records" beside a moving bar.
  const job = page.getByTestId('job');
  await expect(job).toContainText(/(Reading…|Indexing: read) [\d,]+ of 20,000 records/);
  await expect(job).not.toContainText(/^0 records/);
  await loupe.settleJobs();
  await expect(page.locator('[data-testid="image-row"][data-row-id]').first()).toBeVisible({ timeout: 60_000 });

  // One h1; the landmarks are labelled.
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  for (const [role, name] of [
    ['banner', 'Search and actions'],
    ['navigation', 'Filters and library'],
    ['main', 'Images'],
    ['contentinfo', 'Status'],
  ] as const) {
    await expect(page.getByRole(role, { name })).toHaveCount(1);
  }

  // Filters first, under the search; the library, saved searches and servers below.
  expect(await top(page, 'facets')).toBeLessThan(await top(page, 'section-library'));
  expect(await top(page, 'section-library')).toBeLessThan(await top(page, 'section-saved'));
  expect(await top(page, 'section-saved')).toBeLessThan(await top(page, 'section-servers'));
  const searchBottom = (await page.getByTestId('search').boundingBox())!;
  expect(await top(page, 'facets')).toBeLessThan(searchBottom.y + searchBottom.height + 60);

  // A real disclosure button; folded, its content is gone; the state survives a reload.
  const toggle = page.getByTestId('section-toggle-library');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByTestId('section-library').getByText('All images')).toBeVisible();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('section-library').getByText('All images')).toBeHidden();
  await page.getByTestId('section-toggle-servers').press('Enter');
  await expect(page.getByTestId('section-toggle-servers')).toHaveAttribute('aria-expanded', 'false');
  await loupe.shot('sidebar-folded-light');
  await page.reload();
  await expect(page.locator('[data-testid="image-row"][data-row-id]').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('section-toggle-library')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('section-toggle-servers')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('section-toggle-saved')).toHaveAttribute('aria-expanded', 'true');
  await page.getByTestId('section-toggle-library').click();
  await expect(page.getByTestId('section-library').getByText('All images')).toBeVisible();

  // Numeric facets are charts with axes: count ticks, edge ticks in the unit, the unit named.
  const labels = page.locator('[data-testid="facet"][data-facet="labels"]');
  await expect(labels.getByTestId('facet-chart')).toBeVisible();
  await expect(labels.locator('.facet-chart-x span')).toHaveText(['0', '1', '2', '6', '11', '21', '51']);
  await expect(labels.locator('.facet-chart-title')).toHaveText('labels per image');
  await expect(page.locator('[data-facet="size"] .facet-chart-x span').first()).toHaveText('100K');
  await expect(page.locator('[data-facet="created"] .facet-chart-x span').first()).toHaveText(/^\d{4}$/);
  const facets = await loupe.call('facets:get', { query: { text: '' }, facets: ['labels'] });
  const zero = facets.facets[0]!.values.find((v) => v.label === '0')!;
  await expect(labels.getByRole('button', { name: `0: ${zero.count.toLocaleString('en-US')}` })).toBeVisible();
  await page.getByTestId('facets').locator('[data-facet="labels"]').scrollIntoViewIfNeeded();
  await loupe.shot('facet-axes-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('facet-axes-dark');
  await page.emulateMedia({ colorScheme: 'light' });
});

test('the palette lists every command in groups, scrolls visibly, moves across groups, and opens an image by id', async ({ loupe }) => {
  const { page } = loupe;
  await loupe.call('demo:load', { count: 3000 });
  await loupe.settleJobs();
  await expect(page.locator('[data-testid="image-row"][data-index="0"][data-row-id]')).toBeVisible({ timeout: 60_000 });

  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  const headings = await palette.getByTestId('palette-heading').allTextContents();
  expect(headings).toEqual(['File', 'Servers', 'Search', 'View', 'Columns', 'Theme', 'App', 'Sort']);
  const labels = await palette.getByTestId('palette-item').allTextContents();
  for (const l of ['Import file…', 'Export…', 'Connect a server…', 'Choose columns…', 'Fit columns to the window', 'Reset columns to the default', 'Theme: dark', 'Settings…', 'Toggle statistics', 'Show thumbnails (grid)', 'Keyboard shortcuts']) {
    expect(labels.some((t) => t.startsWith(l))).toBe(true);
  }
  // The first screen is not sort entries, and the list says it scrolls.
  const firstScreen = (await palette.getByTestId('palette-item').allTextContents()).slice(0, 8);
  expect(firstScreen.some((t) => t.startsWith('Sort by'))).toBe(false);
  const list = palette.getByTestId('palette-list');
  expect(await list.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await expect(list).toHaveClass(/has-below/);
  await expect(palette.getByTestId('palette-footer')).toContainText(`${labels.length} commands in ${headings.length} groups · scroll for more`);
  await loupe.shot('palette-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('palette-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Arrows cross from one group into the next; PgDn jumps to the next group's first entry.
  const fileCount = await palette.getByTestId('palette-section').first().getByTestId('palette-item').count();
  for (let i = 0; i < fileCount; i++) await page.keyboard.press('ArrowDown');
  await expect(palette.locator('[aria-selected="true"]')).toHaveText('Connect a server…');
  await page.keyboard.press('PageDown');
  await expect(palette.locator('[aria-selected="true"]')).toHaveText(/^Focus search/);

  // Typed text filters; Enter runs the active entry.
  await page.getByTestId('palette-input').fill('connect');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connect-dialog')).toBeVisible();
  await expect(page.getByTestId('connect-url')).toHaveAttribute('placeholder', 'e.g. https://app.supervisely.com');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('connect-dialog')).toBeHidden();

  // Go to an image by its id: the detail panel shows that image, the view stays as it was.
  const last = await loupe.call('images:openView', { query: { text: '', sort: [{ key: 'name', dir: 'desc' }] }, first: 1 });
  const target = last.rows[0]!;
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill(String(target.id));
  await expect(palette.getByTestId('palette-heading').first()).toHaveText('Go to');
  await expect(palette.locator('[aria-selected="true"]')).toContainText(`Open image ${target.id}`);
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('detail-panel');
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(target.name);
  await expect(page.getByTestId('result-count')).toHaveText('3,000 images');
  await loupe.shot('palette-goto-detail-light');
});

test('a CSV export of the visible columns has the table\'s columns, meta ones included, in its order', async ({ loupe }) => {
  const { page, dir } = loupe;
  await loupe.call('demo:load', { count: 3000 });
  await loupe.settleJobs();
  await expect(page.locator('[data-testid="image-row"][data-index="0"][data-row-id]')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('topbar-columns').click();
  await page.getByTestId('column-search').fill('camera');
  await page.getByTestId('column-chooser').locator('[data-col="meta.camera"] input').check();
  await page.getByTestId('columns-done').click();
  await expect(page.getByTestId('col-meta.camera')).toBeVisible();
  const header = await page.locator('.grid-header [role="columnheader"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-col') ?? ''));
  expect(header).toContain('meta.camera');

  await page.getByTestId('topbar-export').click();
  await expect(page.getByTestId('export-columns-visible')).toBeChecked();
  const dest = join(dir, 'visible.csv');
  loupe.setSavePath(dest);
  await page.getByTestId('export-start').click();
  await loupe.settleJobs();
  await expect(page.getByTestId('notice-success').last()).toContainText(`records written to ${dest}`);
  const rows = parse(readFileSync(dest), { columns: true, bom: true }) as Record<string, string>[];
  // The table's columns as the export names them (Width × height stands for two fields).
  const columns = Object.keys(rows[0] ?? {});
  expect(columns).toEqual(exportColumnsForView(header));
  expect(columns.at(-1)).toBe('meta.camera');
  expect(columns[0]).toBe('name');
  expect(rows).toHaveLength(3000);
  expect(rows.some((r) => r['meta.camera'] !== '')).toBe(true);
});
