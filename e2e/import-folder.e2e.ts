import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoFile } from '../electron/core/demo/write-demo';
import { imgInfo27, json, writeProject } from '../test-support/project-fixture';
import { expect, test, type Loupe } from './harness';

/** Records the fixture project holds (writeProject): 2 + 1 with img_info, 2 derived from ann/. */
const PROJECT_RECORDS = 5;
/**
 * A dataset of plain img_info files beside them: more than one progress step (the importer
 * reports every 2,000 records), so the status bar shows a partial count.
 */
const BULK = 4500;

function count(loupe: Loupe, sql: string, ...params: unknown[]): number {
  return (loupe.core.db.prepare(sql).get(...params) as { n: number }).n;
}

/** The fixture project plus a dataset `zz-bulk` (sorts after the others) of `bulk` img_info files. */
function project(loupe: Loupe, name: string, bulk = 0): string {
  const root = join(loupe.dir, name);
  writeProject(root);
  if (bulk > 0) {
    const dir = join(root, 'zz-bulk', 'img_info');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < bulk; i++) {
      const item = `b${String(i).padStart(5, '0')}.jpeg`;
      writeFileSync(join(dir, `${item}.json`), json(imgInfo27(500_000 + i, item, 4000)));
    }
  }
  return root;
}

/** The page's DataTransfer, typed here because the Node-side tsconfig has no DOM types. */
type PageGlobals = { DataTransfer: new () => { items: { add(file: File): unknown } } };

const isFinalJobUpdate = (event: string, payload: unknown) =>
  event === 'jobs:progress' && (payload as { state: string }).state !== 'running';

test('a project folder imports through the dialog port: progress, result, datasets, derived fields', async ({
  loupe,
}) => {
  const { page } = loupe;
  const root = project(loupe, 'lemons project', BULK);
  const total = PROJECT_RECORDS + BULK;

  // The empty state offers folders too.
  const empty = page.getByTestId('empty-state');
  await expect(empty.getByRole('button', { name: 'Import project folder…' })).toBeVisible();
  await expect(empty).toContainText('project folder');

  // Hold everything past a partial count (the complete count, the final update, the cache
  // change), so the running state stays on screen to be looked at.
  const release = loupe.holdEvents(
    (event, payload) =>
      isFinalJobUpdate(event, payload) ||
      event === 'cache:changed' ||
      (event === 'jobs:progress' && (payload as { done: number }).done >= total),
  );
  loupe.setImportFolder(root);
  await page.getByTestId('empty-import-folder').click();
  const job = page.getByTestId('job');
  await expect(job).toContainText('Import lemons project');
  await expect(job).toContainText(/[1-9][\d,]* of [\d,]+ records/);
  const shown = /([\d,]+) of ([\d,]+) records/.exec((await job.textContent()) ?? '')!;
  expect(Number(shown[1]!.replace(/,/g, ''))).toBeLessThan(total);
  await expect(job.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/);
  await expect(page.getByTestId('empty-state')).toContainText('Working…');
  await expect(job.getByRole('progressbar')).toBeVisible();
  await expect(job.getByTestId('job-cancel')).toBeEnabled();
  await loupe.shot('import-folder-progress');
  await loupe.settleJobs();
  release();

  // The result note: counts from the job, and what the import passed over (a folder with img/ only).
  const note = page.getByTestId('notice-success');
  await expect(note).toContainText('Import lemons project — done');
  await expect(note).toContainText(`${total.toLocaleString('en-US')} records: ${total.toLocaleString('en-US')} new, 0 updated, 0 unchanged.`);
  await expect(note.getByTestId('notice-group')).toContainText('Passed over (1)');
  await expect(note.getByTestId('notice-group')).toContainText('only-images: skipped: a dataset needs both ann/ and img/');
  await expect(note.getByTestId('notice-action')).toHaveCount(0); // nothing skipped, no report
  expect(count(loupe, 'SELECT count(*) AS n FROM images')).toBe(total);
  await expect(page.getByTestId('result-count')).toHaveText(`${total.toLocaleString('en-US')} images`);

  // The source: a folder, its record count and its last import.
  const source = page.getByTestId('source-item');
  await expect(source).toHaveCount(1);
  await expect(source).toContainText('lemons project');
  await expect(source.getByTestId('source-kind')).toHaveText('Folder');
  await expect(source.locator('.source-count')).toHaveText(total.toLocaleString('en-US'));
  await expect(source.getByTestId('source-run')).toHaveText(`${total.toLocaleString('en-US')} new`);
  const [listed] = await loupe.call('sources:list', {});
  expect(listed!.last_run).toMatchObject({ records: total, inserted: total, skipped: 0 });
  await loupe.shot('import-folder-result');

  // Nested dataset paths, as the cache holds them, show in the Dataset column (sort by it).
  await page.getByTestId('col-dataset').getByRole('button').click();
  const datasets = loupe.core.db
    .prepare("SELECT DISTINCT dataset_path AS d FROM images WHERE dataset_path <> 'zz-bulk' ORDER BY d")
    .all()
    .map((r) => (r as { d: string }).d);
  expect(datasets).toEqual(['Zürich 東京', 'train', 'train/city', 'train/city/night']);
  // A narrow column cuts a long path in the middle; the cell's accessible name stays whole.
  const datasetCell = (path: string) => page.locator('.cell-dataset').and(page.getByRole('gridcell', { name: path, exact: true }));
  const rows = page.locator('[data-testid="image-row"][data-row-id]');
  await expect(rows.locator(datasetCell('train/city/night'))).toHaveCount(1);
  await expect(rows.locator(datasetCell('Zürich 東京'))).toHaveCount(1);

  // The ann-only record (no img_info): its fields were derived and the detail panel says so.
  const night = rows.filter({ has: datasetCell('train/city/night') });
  await expect(night).toContainText('n1.png');
  await night.click();
  const detail = page.getByTestId('detail-panel');
  await expect(detail.getByRole('heading', { name: 'n1.png' })).toBeVisible();
  await expect(detail.getByTestId('detail-derived-note')).toBeVisible();
  const rowId = Number(await night.getAttribute('data-row-id'));
  const stored = await loupe.call('images:get', { row_id: rowId });
  expect(stored.dataset).toBe('train/city/night');
  await expect(detail.locator('[data-field="labels_count"]')).toContainText(String(stored.info.labels_count));
  await expect(detail.locator('[data-field="labels_count"]')).toHaveAttribute('data-derived', 'true');
  await expect(detail.locator('[data-field="size"]')).toContainText(`${stored.info.size} bytes`);
  await expect(detail.locator('[data-field="hash"]')).toContainText(stored.info.hash!);
  await expect(detail.locator('[data-field="hash"]')).toHaveAttribute('data-derived', 'true');
  await expect(detail.locator('[data-field="mime"]')).toContainText('image/png');
  await expect(detail.getByTestId('detail-tags')).toContainText('weather');
  await expect(detail.getByTestId('detail-tags')).toContainText('rain');
  // A field the import did not derive carries no mark.
  await expect(detail.locator('[data-field="name"]')).not.toHaveAttribute('data-derived', 'true');
  await loupe.shot('import-folder-detail');
});

test('skip bad records: the result counts the skipped one, the report names its file, then the source goes', async ({
  loupe,
}) => {
  const { page } = loupe;
  const root = project(loupe, 'broken');
  const bad = join(root, 'train', 'img_info', 'IMG_2.jpeg.json');
  writeFileSync(bad, '{"id": 1002, "name": "IMG_2.jpeg", "width": "wide"');

  // Start with one good dump so the top bar's menu is what imports the folder.
  const dump = join(loupe.dir, 'first.jsonl');
  await writeDemoFile(dump, 30, 3);
  loupe.setImportFile(dump);
  await page.getByTestId('empty-import').click();
  await expect(page.getByTestId('result-count')).toHaveText('30 images');

  await page.getByTestId('topbar-import').click();
  const skip = page.getByTestId('import-skip-bad');
  await expect(skip).toHaveAttribute('aria-checked', 'false');
  await skip.click();
  await expect(skip).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-menu')).toHaveCount(0);

  // File → Import Project Folder… in main's menu: the page's "skip bad records" applies there too.
  loupe.setImportFolder(root);
  loupe.menu('import-folder');
  const note = page.getByTestId('notice-warning');
  await expect(note).toContainText('Import broken — done, with records skipped');
  await expect(note).toContainText(`${PROJECT_RECORDS - 1} records: ${PROJECT_RECORDS - 1} new, 0 updated, 0 unchanged; 1 skipped.`);
  const skippedGroup = note.getByTestId('notice-group').filter({ hasText: 'Skipped (1)' });
  await expect(skippedGroup).toContainText('IMG_2.jpeg.json');
  await loupe.shot('import-skipped');
  expect(count(loupe, "SELECT count(*) AS n FROM images WHERE name = 'IMG_2.jpeg'")).toBe(0);

  // Save report… asks the save dialog port for a path, and the file there names the bad file.
  const reportPath = join(loupe.dir, 'skipped.txt');
  loupe.setSavePath(reportPath);
  await note.getByTestId('notice-action').click();
  await expect(page.getByTestId('notice-info')).toContainText(`listed in ${reportPath}`);
  expect(existsSync(reportPath)).toBe(true);
  const report = readFileSync(reportPath, 'utf8');
  expect(report).toContain('1 record skipped');
  expect(report).toContain('train/img_info/IMG_2.jpeg.json: ');
  expect(bad.endsWith(join('train', 'img_info', 'IMG_2.jpeg.json'))).toBe(true);

  // The sources list: a file and a folder, each with its kind, count and last import.
  const items = page.getByTestId('source-item');
  await expect(items).toHaveCount(2);
  const folder = items.filter({ hasText: 'broken' });
  await expect(folder.getByTestId('source-kind')).toHaveText('Folder');
  await expect(folder.getByTestId('source-run')).toHaveText(`${PROJECT_RECORDS - 1} new · 1 skipped`);
  await expect(items.filter({ hasText: 'first.jsonl' }).getByTestId('source-kind')).toHaveText('File');
  await loupe.shot('sources');

  // Remove the folder: the confirmation says how many records go; Cancel keeps everything.
  await folder.hover();
  await folder.getByTestId('source-remove').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText('Remove “broken”?');
  await expect(confirm).toContainText(`Its ${PROJECT_RECORDS - 1} records go from the cache`);
  await expect(confirm.getByTestId('confirm-ok')).toHaveText(`Remove ${PROJECT_RECORDS - 1} records`);
  await loupe.shot('source-remove-confirm');
  await confirm.getByTestId('confirm-cancel').click();
  await expect(confirm).toHaveCount(0);
  expect(count(loupe, 'SELECT count(*) AS n FROM images')).toBe(30 + PROJECT_RECORDS - 1);

  await folder.hover();
  await folder.getByTestId('source-remove').click();
  await confirm.getByTestId('confirm-ok').click();
  await expect(items).toHaveCount(1);
  await expect(page.getByTestId('result-count')).toHaveText('30 images');
  expect(count(loupe, 'SELECT count(*) AS n FROM images')).toBe(30);

  // And the last one: the table empties into the empty state.
  const file = items.first();
  await file.hover();
  await file.getByTestId('source-remove').click();
  await expect(confirm).toContainText('Its 30 records go from the cache');
  await confirm.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(items).toHaveCount(0);
  expect(count(loupe, 'SELECT count(*) AS n FROM images')).toBe(0);
  expect(await loupe.call('sources:list', {})).toEqual([]);
});

test('dropping a folder and a file on the window imports both, each as its own source', async ({
  loupe,
}) => {
  const { page } = loupe;
  const root = project(loupe, 'dropped project');
  const dump = join(loupe.dir, 'dropped.jsonl');
  await writeDemoFile(dump, 20, 9);
  // What webUtils would answer for the dropped File objects, by name.
  await loupe.setDropPaths({ 'dropped project': root, 'dropped.jsonl': dump });

  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new (globalThis as unknown as PageGlobals).DataTransfer();
    dt.items.add(new File([], 'dropped project'));
    dt.items.add(new File(['{}'], 'dropped.jsonl', { type: 'application/jsonl' }));
    return dt;
  });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  const overlay = page.getByTestId('drop-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Drop to import');
  await expect(overlay).toContainText('A bad record stops that import');
  await loupe.shot('drop-overlay');

  // Leaving the window hides the overlay; coming back and dropping imports.
  await page.dispatchEvent('body', 'dragleave', { dataTransfer });
  await expect(overlay).toHaveCount(0);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(overlay).toHaveCount(0);
  await loupe.settleJobs();
  const total = PROJECT_RECORDS + 20;
  // Two imports finishing together: the page's count must take both (a background recount
  // of the facet counts once stored the first one's total over the second's commit).
  await expect(page.getByTestId('result-count')).toHaveText(`${total} images`);
  expect(count(loupe, 'SELECT count(*) AS n FROM images')).toBe(total);
  const sources = await loupe.call('sources:list', {});
  expect(sources.map((s) => [s.kind, s.label, s.image_count]).sort()).toEqual([
    ['file', 'dropped.jsonl', 20],
    ['folder', 'dropped project', PROJECT_RECORDS],
  ]);
  await expect(page.getByTestId('source-item')).toHaveCount(2);

  // A drop whose paths cannot be resolved says so instead of doing nothing.
  const unknown = await page.evaluateHandle(() => {
    const dt = new (globalThis as unknown as PageGlobals).DataTransfer();
    dt.items.add(new File([], 'nowhere.json'));
    return dt;
  });
  await page.dispatchEvent('body', 'drop', { dataTransfer: unknown });
  await expect(page.getByTestId('notice-error')).toContainText('Nothing to import');
  expect(count(loupe, 'SELECT count(*) AS n FROM images')).toBe(total);
});
