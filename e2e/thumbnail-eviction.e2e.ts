import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { thumbDirFor } from '../electron/core/thumbs/thumb-store';
import { writePhotoProject } from '../test-support/image-fixtures';
import { expect, test } from './harness';

/** Room for a few of the fixtures' thumbnails (about 1 KiB each), not for all of them. */
const LIMIT = 5_000;
test.use({ thumbMaxBytes: LIMIT });

test('the thumbnail store stays under its size limit while the grid shows every tile', async ({ loupe }) => {
  const { page } = loupe;
  const root = join(loupe.dir, 'photos project');
  await writePhotoProject(root, { jpegs: 14, pngs: 4 });
  await loupe.call('import:paths', { paths: [root], skip_bad: false });
  await loupe.settleJobs();
  await page.getByTestId('view-grid').click();
  await expect(page.getByTestId('thumb-tile')).toHaveCount(21);
  // Every real tile is drawn (made, served, then evicted as later ones arrive)…
  await expect
    .poll(() => page.getByTestId('thumb-tile').locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length))
    .toBe(21);
  // …while the files kept beside the cache never add up to more than the limit.
  const dir = thumbDirFor(join(loupe.dir, 'cache.sqlite'));
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.webp'));
  const bytes = files.reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  expect(files.length).toBeGreaterThan(0);
  expect(files.length).toBeLessThan(18);
  expect(bytes).toBeLessThanOrEqual(LIMIT);
});
