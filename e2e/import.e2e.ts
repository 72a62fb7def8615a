import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemoFile } from '../electron/core/demo/write-demo';
import { expect, test, type Loupe } from './harness';

/** A JSONL dump of `count` demo records; with `breakLine`, that line is cut mid-record. */
async function dump(
  loupe: Loupe,
  name: string,
  count: number,
  breakLine?: number,
): Promise<string> {
  const file = join(loupe.dir, name);
  await writeDemoFile(file, count, 11);
  if (breakLine !== undefined) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[breakLine - 1] = lines[breakLine - 1]!.slice(0, 60);
    writeFileSync(file, lines.join('\n'));
  }
  return file;
}

function imageCount(loupe: Loupe): number {
  return (loupe.core.db.prepare('SELECT count(*) AS n FROM images').get() as { n: number }).n;
}

test('a malformed line 7 fails the import with file and line, and changes nothing', async ({
  loupe,
}) => {
  const { page } = loupe;
  const bad = await dump(loupe, 'bad.jsonl', 50, 7);

  // On an empty cache, from the empty state.
  loupe.setImportFile(bad);
  await page.getByTestId('empty-import').click();
  const error = page.getByTestId('notice-error');
  await expect(error).toBeVisible();
  await expect(error.getByTestId('notice-message')).toContainText(
    'bad.jsonl line 7: not valid JSON',
  );
  await expect(error).toContainText('Line: 7');
  await expect(error).toContainText('nothing was changed');
  await expect(error).toHaveAttribute('role', 'alert');
  await loupe.shot('import-error');
  expect(imageCount(loupe)).toBe(0);
  expect((await loupe.call('app:info', {})).image_count).toBe(0);
  expect(await loupe.call('sources:list', {})).toEqual([]);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await error.getByTestId('notice-dismiss').click();
  await expect(error).toBeHidden();

  // With records in the cache, from the top bar: a good file, then the bad one again.
  const good = await dump(loupe, 'good.jsonl', 40);
  loupe.setImportFile(good);
  await page.getByTestId('empty-import').click();
  await expect(page.getByTestId('notice-success')).toContainText(
    '40 records: 40 new, 0 updated, 0 unchanged',
  );
  await expect(page.getByTestId('result-count')).toHaveText('40 images');
  await expect(page.getByTestId('source-item')).toHaveText([/good\.jsonl\s*40/]);

  loupe.setImportFile(bad);
  await page.getByTestId('topbar-import').click();
  await page.getByTestId('import-file').click();
  await expect(page.getByTestId('notice-error').getByTestId('notice-message')).toContainText(
    'bad.jsonl line 7',
  );
  await loupe.shot('import-error-over-table');
  expect(imageCount(loupe)).toBe(40);
  await expect(page.getByTestId('result-count')).toHaveText('40 images');
  await expect(page.getByTestId('cache-summary')).toContainText('40 images');
  await expect(page.getByTestId('source-item')).toHaveCount(1);

  // Cancelling the dialog starts nothing.
  loupe.setImportFile(null);
  await page.getByTestId('topbar-import').click();
  await page.getByTestId('import-file').click();
  await expect(page.getByTestId('job')).toHaveCount(0);
  expect(loupe.core.jobs.list().filter((j) => j.state === 'running')).toEqual([]);
});

test('a running job shows progress in the status bar and can be cancelled', async ({ loupe }) => {
  const { page, core } = loupe;
  const { job_id } = await loupe.call('demo:load', { count: 2_000_000, seed: 5 });
  const job = page.getByTestId('job');
  await expect(job).toContainText('Demo data (2,000,000 images)');
  await expect(job).toContainText(/\d[\d,]* of 2,000,000 records · [\d,]+\/s · .* left/);
  await expect(job.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  await expect(page.getByTestId('load-demo')).toBeDisabled();
  await loupe.shot('job-running');

  await job.getByTestId('job-cancel').click();
  await expect(page.getByTestId('notice-info')).toContainText('Demo data cancelled');
  await expect(job).toHaveCount(0);
  expect((await core.jobs.settle(job_id)).state).toBe('cancelled');
  expect(imageCount(loupe)).toBe(0);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByTestId('load-demo')).toBeEnabled();
});
