import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './harness';

test('settings: CSV defaults reach the export dialog, and the cache moves with progress', async ({
  loupe,
}) => {
  const { page } = loupe;
  await loupe.call('demo:load', { count: 3_000, seed: 7 });
  await loupe.settleJobs();
  await expect(page.locator('[data-testid="image-row"][data-row-id]').first()).toBeVisible();

  loupe.menu('settings');
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('settings-cache-path')).toHaveText(join(loupe.dir, 'cache.sqlite'));
  await expect(page.getByTestId('settings-theme-system')).toBeChecked();
  await page.getByTestId('settings-csv-bom').check();
  await page.getByTestId('settings-csv-meta').check();
  await expect
    .poll(async () => (await loupe.call('settings:get', {})).settings.csv)
    .toEqual({ bom: true, raw: false, meta: 'columns' });
  await loupe.shot('settings-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('settings-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The export dialog starts from the saved CSV options.
  await page.getByTestId('settings-close').click();
  await expect(dialog).toBeHidden();
  loupe.menu('export');
  const exportDialog = page.getByTestId('export-dialog');
  await expect(exportDialog.getByRole('checkbox', { name: /Byte-order mark/ })).toBeChecked();
  await expect(exportDialog.getByRole('checkbox', { name: /One column per/ })).toBeChecked();
  await expect(page.getByTestId('export-protect')).toBeChecked();
  await page.keyboard.press('Escape');

  // Move the cache: main's save dialog answers with a new place; the copy is checked and kept.
  const dest = join(loupe.dir, 'moved', 'loupe-cache.sqlite');
  loupe.setSavePath(dest);
  loupe.menu('settings');
  await page.getByTestId('settings-cache-move').click();
  await expect(page.getByTestId('settings-cache-moved')).toContainText(dest, { timeout: 60_000 });
  expect(existsSync(dest)).toBe(true);
  await loupe.shot('settings-moved');
});
