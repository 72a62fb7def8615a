import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, test } from './harness';

/**
 * A new user's first minute: an empty cache says what Loupe does and every way to get data in,
 * and the shortest path from nothing to a filtered export is four actions — Load demo data,
 * type a query and press Enter, Export…, Export (then the save dialog).
 */
test('from an empty cache to a filtered CSV export in four actions', async ({ loupe }) => {
  const { page, dir } = loupe;
  const empty = page.getByTestId('empty-state');
  await expect(empty).toContainText('search, sort and inspect it offline');
  for (const name of ['Import file…', 'Import project folder…', 'Load demo data', 'Connect a server…']) {
    await expect(empty.getByRole('button', { name })).toBeEnabled();
  }
  await loupe.shot('first-run-empty');
  let actions = 0;

  actions++;
  await empty.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.locator('[data-testid="image-row"][data-row-id]').first()).toBeVisible({ timeout: 60_000 });
  await loupe.settleJobs();

  actions++;
  const search = page.getByTestId('search');
  await search.click();
  await search.pressSequentially('tag:review width:>1000');
  await search.press('Enter');
  const view = await loupe.call('images:openView', { query: { text: 'tag:review width:>1000' } });
  await expect(page.getByTestId('result-count')).toHaveText(new RegExp(`^${view.total.toLocaleString('en-US')} of `));

  actions++;
  await page.getByTestId('topbar-export').click();
  const dest = join(dir, 'first-export.csv');
  loupe.setSavePath(dest);
  actions++;
  await page.getByTestId('export-start').click();
  await loupe.settleJobs();
  await expect(page.getByTestId('notice-success').last()).toContainText(`records written to ${dest}`);

  const rows = parse(readFileSync(dest), { columns: true, bom: true }) as Record<string, string>[];
  expect(rows).toHaveLength(view.total);
  expect(view.total).toBeGreaterThan(0);
  expect(actions).toBe(4);
  await loupe.shot('first-run-exported');
});

test('the empty state connects a server from its own button', async ({ loupe }) => {
  const { page } = loupe;
  await page.getByTestId('empty-connect').click();
  await expect(page.getByTestId('connect-dialog')).toBeVisible();
  await expect(page.getByTestId('connect-url')).toBeFocused();
});
