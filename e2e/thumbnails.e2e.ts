import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { thumbDirFor } from '../electron/core/thumbs/thumb-store';
import { writePhotoProject } from '../test-support/image-fixtures';
import { expect, test, type Loupe } from './harness';
import { tileImages } from './thumb-tiles';

/** Loads a project folder with real JPEG/PNG files, three broken files and one never downloaded. */
async function photos(loupe: Loupe): Promise<void> {
  const root = join(loupe.dir, 'photos project');
  await writePhotoProject(root, { jpegs: 14, pngs: 4, absent: 1 });
  await loupe.call('import:paths', { paths: [root], skip_bad: false });
  await loupe.settleJobs();
}

test('the grid shows real thumbnails of a project folder, placeholders that say why, and follows the search', async ({ loupe }) => {
  const { page } = loupe;
  await photos(loupe);
  await expect(page.getByTestId('image-row').first()).toBeVisible();
  await page.getByTestId('view-grid').click();
  const grid = page.getByTestId('thumb-grid');
  await expect(grid).toBeVisible();
  await expect(page.getByTestId('thumb-tile')).toHaveCount(22);
  await expect.poll(async () => (await tileImages(loupe)).filter((t) => t.width > 0).length).toBe(22);
  const tiles = await tileImages(loupe);
  const byName = new Map(tiles.map((t) => [t.name, t]));
  expect(byName.get('photo_000.jpg')).toMatchObject({ width: 256, placeholder: null });
  expect(byName.get('photo_017.png')).toMatchObject({ placeholder: null });
  expect(byName.get('zz_cut.jpg')?.placeholder).toBe('unsupported');
  expect(byName.get('zz_text.png')?.placeholder).toBe('unsupported');
  expect(byName.get('far_0.jpg')?.placeholder).toBe('file-missing');
  // Each real thumbnail was made once and kept beside the cache: the store holds exactly them.
  const stored = readdirSync(thumbDirFor(join(loupe.dir, 'cache.sqlite')), { recursive: true, encoding: 'utf8' });
  expect(stored.filter((f) => f.endsWith('.webp'))).toHaveLength(18);
  await loupe.shot('thumbnails-grid-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('thumbnails-grid-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The keyboard: arrows move, Space selects, Enter opens the detail panel with a preview.
  await grid.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const columns = Number(await grid.getAttribute('data-columns'));
  await expect(page.locator(`#image-tile-${1 + columns}`)).toHaveClass(/is-focused/);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('selected-count')).toHaveText('1 selected');
  await expect(page.locator(`#image-tile-${1 + columns}`)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  const preview = page.getByTestId('detail-preview').locator('img');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await loupe.shot('thumbnails-detail-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('thumbnails-detail-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Escape');

  // The grid shows the same view as the table: a search narrows the tiles to its matches.
  const search = page.getByTestId('search');
  await search.fill('zz_');
  await search.press('Enter');
  await expect(page.getByTestId('thumb-tile')).toHaveCount(3);
  await expect(page.getByTestId('thumb-tile').locator('.tile-name')).toHaveText(['zz_cut.jpg', 'zz_noise.jpg', 'zz_text.png']);
  await loupe.shot('thumbnails-grid-search');

  // "Make thumbnails for this view" runs as a job and says what it did.
  await page.getByTestId('make-thumbs').click();
  const notice = page.getByRole('status').filter({ hasText: /Thumbnails: .*zz_.* — done/ });
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText('0 made, 0 already kept, 3 without readable pixels');
  await loupe.shot('thumbnails-job-done');

  // The slider makes tiles larger: fewer columns.
  await page.getByTestId('tile-size').fill('320');
  await expect.poll(async () => Number(await grid.getAttribute('data-columns'))).toBeLessThan(columns);
});
