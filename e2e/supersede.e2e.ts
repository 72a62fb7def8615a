import { expect, test, type Loupe } from './harness';

const COUNT = 5_000;
const fmt = (n: number) => n.toLocaleString('en-US');
const sort = [{ key: 'name', dir: 'asc' }] as const;

/** Loads the demo set and waits for the table's first row: both tests start from this screen. */
async function loadDemo(loupe: Loupe) {
  await loupe.call('demo:load', { count: COUNT, seed: 7 });
  await loupe.settleJobs();
  const firstRow = loupe.page.locator('[data-testid="image-row"][data-index="0"][data-row-id]');
  await expect(firstRow).toBeVisible({ timeout: 60_000 });
  return firstRow;
}

test('typing fast: the last query wins, and an answer to a superseded query never shows', async ({ loupe }) => {
  const { page } = loupe;
  const firstRow = await loadDemo(loupe);
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

test('an older query answered after a newer one never replaces it: table, count and facets stay the newer', async ({ loupe }) => {
  const { page } = loupe;
  const firstRow = await loadDemo(loupe);
  const older = await loupe.call('images:openView', { query: { text: 'cam-07', sort: [...sort] }, first: 1 });
  const newer = await loupe.call('images:openView', { query: { text: 'street', sort: [...sort] }, first: 1 });
  // The two queries must be told apart on screen, or the test could not see a flip.
  expect(older.total).not.toBe(newer.total);
  expect(older.rows[0]?.id).not.toBe(newer.rows[0]?.id);
  const count = page.getByTestId('result-count');
  const newerCount = `${fmt(newer.total)} of ${fmt(COUNT)} images`;
  const olderCount = `${fmt(older.total)} of ${fmt(COUNT)} images`;

  // Only the older query's calls are held: the newer ones reach the core after them and answer first.
  const releaseView = loupe.hold('images:openView', { calls: 1 });
  const releaseFacets = loupe.hold('facets:get', { calls: 1 });
  const search = page.getByTestId('search');
  await search.fill('cam-07');
  await search.press('Enter');
  // The older view is asked for (and held) before the newer query is typed.
  await expect(page.getByTestId('image-grid')).toHaveAttribute('aria-busy', 'true');
  await search.fill('street');
  await search.press('Enter');
  await expect(count).toHaveText(newerCount);
  await expect(firstRow).toHaveAttribute('data-image-id', String(newer.rows[0]?.id));
  await expect(page.getByTestId('facets')).toHaveAttribute('aria-busy', 'false');
  const facetsShown = await page.getByTestId('facets').innerText();

  // From here on, every state the page passes through is recorded, so a flip that is put right
  // a moment later is still seen.
  await page.evaluate(() => {
    // The e2e project has no DOM types: just what this function uses of the page.
    type El = { textContent: string | null; getAttribute(name: string): string | null };
    const g = globalThis as unknown as {
      __seen: { count: string; first: string | null }[];
      document: { body: unknown; querySelector(selector: string): El | null };
      MutationObserver: new (cb: () => void) => { observe(node: unknown, opts: object): void };
    };
    const seen: { count: string; first: string | null }[] = (g.__seen = []);
    const record = () =>
      seen.push({
        count: g.document.querySelector('[data-testid="result-count"]')?.textContent ?? '',
        first:
          g.document
            .querySelector('[data-testid="image-row"][data-index="0"][data-row-id]')
            ?.getAttribute('data-image-id') ?? null,
      });
    new g.MutationObserver(record).observe(g.document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
  const answered = (channel: string) => loupe.calls.filter((c) => c.channel === channel).length;
  const opensBefore = answered('images:openView');
  const facetsBefore = answered('facets:get');
  releaseView();
  releaseFacets();
  // The older answers reach the page (the core has no way to know they are stale)...
  await expect.poll(() => answered('images:openView')).toBe(opensBefore + 1);
  await expect.poll(() => answered('facets:get')).toBeGreaterThan(facetsBefore);
  // ...and the page has had its turn to render whatever they would change.
  await page.evaluate(() => {
    const g = globalThis as unknown as { requestAnimationFrame(cb: () => void): void };
    return new Promise((done) => g.requestAnimationFrame(() => g.requestAnimationFrame(() => done(null))));
  });

  await expect(count).toHaveText(newerCount);
  await expect(firstRow).toHaveAttribute('data-image-id', String(newer.rows[0]?.id));
  expect(await page.getByTestId('facets').innerText()).toBe(facetsShown);
  const seen = await page.evaluate(
    () => (globalThis as unknown as { __seen: { count: string; first: string | null }[] }).__seen,
  );
  expect(seen.filter((s) => s.count === olderCount || s.first === String(older.rows[0]?.id))).toEqual([]);
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  await loupe.shot('search-after-late-answer');
});
