import type { Locator, Page } from '@playwright/test';
import { expect, test } from './harness';

// 20,000 rows × 26 px is 520,000 px; a 20,000 px cap makes the table use the same scaled
// scrollbar that 10M rows need against Chromium's ~16.7M px limit.
const CAP = 20_000;
const COUNT = 20_000;
const ROW = 26;
const HEADER = 30;
test.use({ scrollCap: CAP });

function rowAt(page: Page, index: number): Locator {
  return page.locator(`[data-testid="image-row"][data-index="${index}"][data-row-id]`);
}

/** Index of the first row whose top is at or below the grid's header. */
async function firstVisibleIndex(page: Page): Promise<number> {
  // e2e is typechecked without DOM types: describe the little of the DOM used here.
  type Box = { getBoundingClientRect(): { top: number } };
  type Row = Box & { dataset: Record<string, string | undefined> };
  return page.getByTestId('image-grid').evaluate((grid: unknown, header: number) => {
    const g = grid as Box & { querySelectorAll(s: string): Iterable<Row> };
    const top = g.getBoundingClientRect().top + header;
    let best = Infinity;
    for (const el of g.querySelectorAll('[data-testid="image-row"]')) {
      if (el.getBoundingClientRect().top >= top - 0.5)
        best = Math.min(best, Number(el.dataset.index));
    }
    return best;
  }, HEADER);
}

test('past the height cap the scrollbar is scaled, and wheel, thumb and keys still land right', async ({
  loupe,
}) => {
  const { page } = loupe;
  await page.getByTestId('load-demo').click();
  const grid = page.getByTestId('image-grid');
  await expect(rowAt(page, 0)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('result-count')).toHaveText('20,000 images');
  await expect(grid).toHaveAttribute('data-scaled', 'true');
  const scrollHeight = await grid.evaluate((el) => el.scrollHeight);
  expect(scrollHeight).toBeLessThanOrEqual(CAP + HEADER);

  // A wheel step moves the list by its own pixels, not by 26× as many.
  await grid.hover();
  await page.mouse.wheel(0, 10 * ROW);
  await expect.poll(() => firstVisibleIndex(page)).toBe(10);

  // Dragging the thumb to the middle lands in the middle of the list, on the core's rows.
  await grid.evaluate((el) => {
    el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
  });
  const view = await loupe.call('images:openView', {
    query: { text: '', sort: [{ key: 'name', dir: 'asc' }] },
  });
  await expect.poll(() => firstVisibleIndex(page)).toBeGreaterThan(COUNT / 2 - 40);
  const mid = await firstVisibleIndex(page);
  expect(mid).toBeLessThan(COUNT / 2);
  const expected = (
    await loupe.call('images:window', { view_id: view.view_id, offset: mid, limit: 1 })
  ).rows[0]!;
  await expect(rowAt(page, mid)).toHaveAttribute('data-image-id', String(expected.id));

  // Keys: End shows the last row at the bottom; Page Up moves a page; Home returns.
  await grid.focus();
  await page.keyboard.press('End');
  const last = (
    await loupe.call('images:window', { view_id: view.view_id, offset: COUNT - 1, limit: 1 })
  ).rows[0]!;
  await expect(rowAt(page, COUNT - 1)).toHaveAttribute('data-image-id', String(last.id));
  const g = (await grid.boundingBox())!;
  const r = (await rowAt(page, COUNT - 1).boundingBox())!;
  expect(Math.abs(r.y + r.height - (g.y + g.height))).toBeLessThan(1);
  await page.keyboard.press('PageUp');
  const perPage = Math.floor((g.height - HEADER) / ROW);
  await expect(rowAt(page, COUNT - 1 - perPage)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(rowAt(page, 0)).toHaveAttribute('aria-selected', 'true');
  expect(await firstVisibleIndex(page)).toBe(0);
});

test('rows still loading hold their place: placeholders, then data, with nothing moving', async ({
  loupe,
}) => {
  const { page } = loupe;
  await page.getByTestId('load-demo').click();
  const grid = page.getByTestId('image-grid');
  await expect(rowAt(page, 0)).toBeVisible({ timeout: 60_000 });
  const height = await grid.evaluate((el) => el.scrollHeight);

  const release = loupe.hold('images:window');
  await grid.focus();
  await page.keyboard.press('End');
  const waiting = page.locator(`[data-testid="image-row"][data-index="${COUNT - 1}"]`);
  await expect(waiting).toHaveAttribute('data-placeholder', 'true');
  const before = (await waiting.boundingBox())!;
  await loupe.shot('placeholders');
  release();
  await expect(rowAt(page, COUNT - 1)).toBeVisible();
  const after = (await rowAt(page, COUNT - 1).boundingBox())!;
  expect(after).toEqual(before);
  expect(await grid.evaluate((el) => el.scrollHeight)).toBe(height);
  await expect(page.locator('[data-placeholder="true"]')).toHaveCount(0);
});
