import { seedFakeData } from '../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../test-support/fake-server/fake-supervisely';
import { expect, test } from './harness';

const TOKEN = 'E2E-thumbs-job-token-51d0c7e9a2-never-shown';

test('G switches to the grid, the slider sizes tiles, and "Make thumbnails" of a server view shows progress and ETA and can be cancelled', async ({ loupe }) => {
  test.setTimeout(120_000);
  const { page } = loupe;
  // A slow server (150 ms per answer): the job runs long enough to be looked at and cancelled.
  const { data, projectIds } = seedFakeData({ token: TOKEN, projects: [{ name: 'Harbour', images: 160, nested: false }] });
  const fake = new FakeSupervisely(data, { latencyMs: 150 });
  await fake.start();
  try {
    const { account } = await loupe.call('servers:connect', { server_url: fake.url, token: TOKEN });
    await loupe.call('sync:start', { source_id: account.source_id, project_ids: projectIds, full: true });
    await loupe.settleJobs();
    await expect(page.getByTestId('image-row').first()).toBeVisible();

    // G, away from any text field, switches to the grid and back.
    await page.getByTestId('image-row').first().click();
    await page.keyboard.press('g');
    await expect(page.getByTestId('thumb-grid')).toBeVisible();
    await expect(page.getByTestId('view-grid')).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('g');
    await expect(page.getByTestId('view-table')).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('g');
    const grid = page.getByTestId('thumb-grid');
    await expect(grid).toBeVisible();

    // The slider: larger tiles, fewer columns.
    const columns = Number(await grid.getAttribute('data-columns'));
    await page.getByTestId('tile-size').fill('300');
    await expect.poll(async () => Number(await grid.getAttribute('data-columns'))).toBeLessThan(columns);
    await expect.poll(() => page.locator('[data-testid="thumb-tile"] img').evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length)).toBeGreaterThan(3);
    await loupe.shot('thumbs-large-tiles-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await loupe.shot('thumbs-large-tiles-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The job: progress with a count and time left in the status bar, then Cancel.
    await page.getByTestId('make-thumbs').click();
    const job = page.getByTestId('job').filter({ hasText: 'Thumbnails' });
    await expect(job).toBeVisible();
    await expect(job.locator('.job-numbers')).toContainText(/\d+ of 160 records.* left/, { timeout: 30_000 });
    await loupe.shot('thumbs-job-running-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await loupe.shot('thumbs-job-running-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await job.getByTestId('job-cancel').click();
    await expect(page.getByRole('status').filter({ hasText: 'Making thumbnails was cancelled; the ones made so far are kept.' })).toBeVisible({ timeout: 30_000 });
    await expect(job).toBeHidden();
    await loupe.shot('thumbs-job-cancelled');
  } finally {
    await fake.stop();
  }
});
