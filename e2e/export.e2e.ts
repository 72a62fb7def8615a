import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { COLUMNS } from '../shared/columns';
import { exportColumnsForView } from '../shared/export';
import { expect, test, type Loupe } from './harness';

const DEMO_COUNT = 20_000;
const fmt = (n: number) => n.toLocaleString('en-US');

async function loadDemo(loupe: Loupe): Promise<void> {
  const { page } = loupe;
  await page.getByTestId('load-demo').click();
  await expect(page.getByTestId('image-grid')).toBeVisible({ timeout: 60_000 });
  await loupe.settleJobs();
  await expect(page.getByTestId('result-count')).toHaveText(`${fmt(DEMO_COUNT)} images`);
}

test('export the filtered view as CSV through the dialog, then cancel a large export', async ({ loupe }) => {
  const { page, dir } = loupe;
  await loadDemo(loupe);

  // Filter: the count the page shows is the core's count for the same query.
  await page.getByTestId('search').fill('street');
  const view = await loupe.call('images:openView', { query: { text: 'street', sort: [{ key: 'name', dir: 'asc' }] } });
  expect(view.total).toBeGreaterThan(0);
  expect(view.total).toBeLessThan(DEMO_COUNT);
  await expect(page.getByTestId('result-count')).toHaveText(`${fmt(view.total)} of ${fmt(DEMO_COUNT)} images`);
  const firstRow = (await loupe.call('images:window', { view_id: view.view_id, offset: 0, limit: 1 })).rows[0]!;

  // The dialog: the view's count, CSV, the visible columns by default.
  await page.getByTestId('topbar-export').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Current view — ${fmt(view.total)} images`);
  await expect(dialog).toContainText('matching “street”, sorted by Name ↑');
  const columns = exportColumnsForView(COLUMNS.map((c) => c.key));
  await expect(page.getByTestId('export-column-list')).toHaveText(columns.join(', '));
  await expect(page.getByTestId('export-format-csv')).toBeChecked();
  await loupe.shot('export-dialog');

  // The save dialog port answers; the page never sends a path.
  const dest = join(dir, 'street.csv');
  loupe.setSavePath(dest);
  await page.getByTestId('export-start').click();
  await expect(dialog).toBeHidden();
  await loupe.settleJobs();
  await expect(page.getByTestId('notice-success').last()).toContainText(`${fmt(view.total)} records written to ${dest}`);

  const rows = parse(readFileSync(dest), { columns: true, bom: true }) as Record<string, string>[];
  expect(rows).toHaveLength(view.total);
  expect(Object.keys(rows[0]!)).toEqual(columns);
  expect(rows[0]!.name).toBe(firstRow.name);
  expect(rows[0]!.id).toBe(String(firstRow.id));
  const manifest = JSON.parse(readFileSync(`${dest}.manifest.json`, 'utf8')) as { rows: number; query_text: string; columns: string[] };
  expect(manifest).toMatchObject({ rows: view.total, query_text: 'street', columns });

  // A large export (a Supervisely project of every image) shows its progress in the status
  // bar with a rate; Cancel stops it and leaves no folder behind.
  await page.getByTestId('search').fill('');
  await expect(page.getByTestId('result-count')).toHaveText(`${fmt(DEMO_COUNT)} images`);
  await page.getByTestId('topbar-export').click();
  await page.getByTestId('export-format-supervisely').check({ force: true });
  await expect(dialog).toContainText('A Supervisely project always holds complete records.');
  await loupe.shot('export-dialog-supervisely');
  const project = join(dir, 'all-project');
  loupe.setSavePath(project);
  await page.getByTestId('export-start').click();
  const job = page.getByTestId('job');
  await expect(job).toContainText('Export Supervisely project: all-project');
  // Cancel as soon as the job shows: on a quiet machine the whole export can finish in the
  // time a screenshot takes, and then there would be nothing left to cancel.
  await page.getByTestId('job-cancel').click();
  await loupe.settleJobs();
  await expect(page.getByTestId('job')).toHaveCount(0);
  expect(existsSync(project)).toBe(false);
  expect(readdirSync(dir).filter((f) => f.includes('all-project'))).toEqual([]);
});
