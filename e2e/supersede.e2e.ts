import { expect, test } from './harness';

const COUNT = 5_000;
const fmt = (n: number) => n.toLocaleString('en-US');

test('typing fast: the last query wins, and an answer to a superseded query never shows', async ({ loupe }) => {
  const { page } = loupe;
  await loupe.call('demo:load', { count: COUNT, seed: 7 });
  await loupe.settleJobs();
  const firstRow = page.locator('[data-testid="image-row"][data-index="0"][data-row-id]');
  await expect(firstRow).toBeVisible({ timeout: 60_000 });
  const sort = [{ key: 'name', dir: 'asc' }] as const;
  const last = await loupe.call('images:openView', { query: { text: 'street', sort: [...sort] }, first: 1 });
  expect(last.total).toBeGreaterThan(0);

  // Three queries committed one after another, faster than the core answers them: the table's
  // lane lets only the newest run to the end.
  const release = loupe.hold('images:openView');
  const search = page.getByTestId('search');
  for (const text of ['cam-07', 'tag:review', 'street']) {
    await search.fill(text);
    await search.press('Enter');
  }
  release();
  await expect(page.getByTestId('result-count')).toHaveText(`${fmt(last.total)} of ${fmt(COUNT)} images`);
  await expect(firstRow).toHaveAttribute('data-image-id', String(last.rows[0]?.id));
  await expect(page.getByTestId('image-grid')).toHaveAttribute('aria-busy', 'false');
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  // The older calls were answered CANCELLED (their work stopped), and nothing else failed.
  const opens = loupe.calls.filter((c) => c.channel === 'images:openView');
  expect(opens.at(-1)?.code).toBeNull();
  expect(loupe.calls.filter((c) => c.code !== null && c.code !== 'CANCELLED')).toEqual([]);
});
