import type { Locator, Page } from '@playwright/test';
import type { QueryInput } from '../shared/query';
import { expect, test, type Loupe } from './harness';

const DEMO_COUNT = 20_000;
const fmt = (n: number) => n.toLocaleString('en-US');

/** The core's own answer for a query: its exact count, and the rows at the given positions. */
async function coreView(loupe: Loupe, query: QueryInput, at: number[] = []) {
  const view = await loupe.call('images:openView', { query });
  const rows = [];
  for (const offset of at) {
    const w = await loupe.call('images:window', { view_id: view.view_id, offset, limit: 1 });
    rows.push(w.rows[0]!);
  }
  return { total: view.total, rows };
}

/** The count the top bar shows once the view for the current query is open. */
async function expectCount(page: Page, total: number, filtered = total !== DEMO_COUNT): Promise<void> {
  await expect(page.getByTestId('result-count')).toHaveText(
    filtered ? `${fmt(total)} of ${fmt(DEMO_COUNT)} images` : `${fmt(total)} images`,
  );
}

function facet(page: Page, id: string): Locator {
  return page.locator(`[data-testid="facet"][data-facet="${id}"]`);
}

function facetValue(page: Page, id: string, label: string): Locator {
  return facet(page, id).getByTestId('facet-value').filter({ has: page.locator('.facet-label', { hasText: new RegExp(`^(NOT)?${label}$`) }) });
}

/** Every facet has its counts (none still "counting…"). */
async function facetsSettled(page: Page): Promise<void> {
  await expect(page.locator('[data-testid="facet"][data-status="counting"]')).toHaveCount(0);
  await expect(page.getByTestId('facets')).toHaveAttribute('aria-busy', 'false');
}

function rowAt(page: Page, index: number): Locator {
  return page.locator(`[data-testid="image-row"][data-index="${index}"][data-row-id]`);
}

async function loadDemo(loupe: Loupe): Promise<void> {
  await loupe.call('demo:load', { count: DEMO_COUNT, seed: 7 });
  await loupe.settleJobs();
  await expect(loupe.page.getByTestId('image-grid')).toBeVisible({ timeout: 60_000 });
  await expectCount(loupe.page, DEMO_COUNT);
  await expect(rowAt(loupe.page, 0)).toBeVisible();
  // The demo's result note would cover the table's corner in the screenshots. It also fades by
  // itself, so on a slow machine it may be gone already.
  const note = loupe.page.getByTestId('notice-success');
  await note
    .getByTestId('notice-dismiss')
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await expect(note).toHaveCount(0);
}

/** The chips as the page shows them: text and state (on, off, negated). */
async function chips(page: Page): Promise<string[]> {
  const out: string[] = [];
  for (const c of await page.getByTestId('filter-chip').all()) {
    out.push(`${await c.getAttribute('data-state')} ${(await c.locator('.chip-text').textContent()) ?? ''}`);
  }
  return out;
}

test('search: type a query, click and negate facets, switch a chip, sort, jump to the end, save and reopen', async ({
  loupe,
}) => {
  const { page, core } = loupe;
  // 0. Right after an import the whole-cache counts are stale: the facets say "counting…" until
  // the core announces them (held here, so the state can be looked at), then show the counts.
  const releaseReady = loupe.holdEvents((event) => event === 'facets:ready');
  await loadDemo(loupe);
  await expect(facet(page, 'tag')).toHaveAttribute('data-status', 'counting');
  await expect(facet(page, 'tag').getByTestId('facet-counting')).toHaveText(/^counting…( \d{1,2}%)?$/);
  await loupe.shot('search-0-counting');
  releaseReady();
  await facetsSettled(page);
  const tagCounts = core.db
    .prepare('SELECT name, count(*) AS n FROM image_tags GROUP BY name ORDER BY n DESC, name LIMIT 3')
    .all() as { name: string; n: number }[];
  for (const t of tagCounts) {
    await expect(facetValue(page, 'tag', t.name).getByTestId('facet-count')).toHaveText(fmt(t.n));
  }

  // 1. `/` focuses the search box; type-ahead completes a field, then a tag name from the catalogue.
  await page.getByTestId('image-grid').focus();
  await page.keyboard.press('/');
  const search = page.getByTestId('search');
  await expect(search).toBeFocused();
  await page.keyboard.type('ta');
  await expect(page.getByTestId('suggestion').first()).toHaveText(/^tag:/);
  await page.keyboard.press('Tab');
  await expect(search).toHaveValue('tag:');
  await page.keyboard.type('rev');
  await expect(page.getByTestId('suggestion')).toHaveCount(1);
  await expect(page.getByTestId('suggestion')).toContainText('review');
  await loupe.shot('search-1-typeahead');
  await page.keyboard.press('Enter');
  await expect(search).toHaveValue('tag:review ');
  await page.keyboard.type('width:>1000');
  await page.keyboard.press('Enter');
  let q = 'tag:review width:>1000';
  let expected = await coreView(loupe, { text: q });
  // The same count straight from SQLite: tags by name, width over 1000.
  const sqlCount = (
    core.db
      .prepare(
        `SELECT count(*) AS n FROM images i WHERE i.width > 1000 AND EXISTS (
           SELECT 1 FROM image_tags t WHERE t.row_id = i.row_id AND t.name = 'review')`,
      )
      .get() as { n: number }
  ).n;
  expect(expected.total).toBe(sqlCount);
  await expectCount(page, expected.total);
  expect(await chips(page)).toEqual(['on tag:review', 'on width:>1000']);
  await facetsSettled(page);
  // The facets count under the filter, as facets:get answers for the same query.
  const answer = await loupe.call('facets:get', { query: { text: q } });
  const tagFacet = answer.facets.find((f) => f.id === 'tag')!;
  expect(tagFacet.status).toBe('done');
  for (const v of tagFacet.values.slice(0, 3)) {
    await expect(facetValue(page, 'tag', v.label).getByTestId('facet-count')).toHaveText(fmt(v.count));
  }
  await loupe.shot('search-2-query');

  // 2. A typo: the token is marked and "did you mean" fixes it.
  await search.fill('tag:review widht:>1000');
  await expect(page.getByTestId('search-error')).toContainText('unknown field');
  await expect(page.getByTestId('search-error-token')).toHaveText('widht');
  await expect(page.getByTestId('search-suggestion')).toHaveText('width');
  // The table keeps the last query that parsed.
  await expectCount(page, expected.total);
  await loupe.shot('search-3-error');
  await page.getByTestId('search-suggestion').click();
  await expect(search).toHaveValue(q);
  await expect(page.getByTestId('search-error')).toHaveCount(0);

  // 3. Click a facet value (include), Alt-click another (exclude).
  await facetValue(page, 'ext', 'png').click();
  q = 'tag:review width:>1000 ext:png';
  await expect(search).toHaveValue(q);
  expected = await coreView(loupe, { text: q });
  await expectCount(page, expected.total);
  await facetsSettled(page);
  const authors = (await loupe.call('facets:get', { query: { text: q } })).facets.find((f) => f.id === 'author')!;
  const top = authors.values.find((v) => v.clause.op === 'eq')!;
  await facetValue(page, 'author', top.label).click({ modifiers: ['Alt'] });
  q = `${q} -author:${top.label}`;
  await expect(search).toHaveValue(q);
  expected = await coreView(loupe, { text: q });
  await expectCount(page, expected.total);
  expect(expected.total).toBe(
    (await coreView(loupe, { text: 'tag:review width:>1000 ext:png' })).total - top.count,
  );
  await expect(facetValue(page, 'ext', 'png')).toHaveAttribute('data-state', 'include');
  expect(await chips(page)).toEqual(['on tag:review', 'on width:>1000', 'on ext:png', `negated author:${top.label}`]);
  await facetsSettled(page);
  await loupe.shot('search-4-facets');

  // 4. Switch a chip off (it stays, ignored) and on again.
  const pngChip = page.getByTestId('filter-chip').filter({ hasText: 'ext:png' });
  await pngChip.getByTestId('filter-chip-toggle').click();
  await expect(search).toHaveValue(`tag:review width:>1000 ~ext:png -author:${top.label}`);
  const withoutPng = await coreView(loupe, { text: `tag:review width:>1000 -author:${top.label}` });
  await expectCount(page, withoutPng.total);
  expect(await chips(page)).toContain('off ext:png');
  await loupe.shot('search-5-chip-off');
  await pngChip.getByTestId('filter-chip-toggle').click();
  await expectCount(page, expected.total);
  await expect(search).toHaveValue(q);

  // 5. Sort by size, largest first, from the command palette; the first row is the core's.
  await page.getByTestId('image-grid').focus();
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('command-palette')).toBeVisible();
  await page.keyboard.type('sort size desc');
  await expect(page.getByTestId('palette-item').first()).toContainText('Sort by Size ↓ descending');
  await loupe.shot('search-6-palette');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
  await expect(page.getByTestId('col-size')).toHaveAttribute('aria-sort', 'descending');
  const sorted = await coreView(loupe, { text: q, sort: [{ key: 'size', dir: 'desc' }] }, [0, expected.total - 1]);
  await expect(rowAt(page, 0)).toHaveAttribute('data-image-id', String(sorted.rows[0]!.id));

  // 6. Jump to the last row with End: it is the core's last row in this order.
  await page.getByTestId('image-grid').focus();
  await page.keyboard.press('End');
  await expect(rowAt(page, expected.total - 1)).toHaveAttribute('data-image-id', String(sorted.rows[1]!.id));
  await expect(rowAt(page, expected.total - 1)).toHaveAttribute('aria-selected', 'true');
  await loupe.shot('search-7-last-row');
  // Enter opens it in the detail panel, Esc closes it.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-panel').getByRole('heading', { name: sorted.rows[1]!.name })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('detail-panel')).toHaveCount(0);

  // 7. Save the search (live), clear, and reopen it from the sidebar.
  await page.getByTestId('save-search').click();
  const dialog = page.getByTestId('save-search-dialog');
  await expect(dialog).toContainText(q);
  await page.getByTestId('save-search-name').fill('Wide PNG reviews');
  await loupe.shot('search-8-save');
  await page.getByTestId('save-search-ok').click();
  await expect(dialog).toHaveCount(0);
  const saved = page.getByTestId('saved-search').filter({ hasText: 'Wide PNG reviews' });
  await expect(saved).toHaveCount(1);
  const [stored] = await loupe.call('searches:list', {});
  expect(stored).toMatchObject({ name: 'Wide PNG reviews', kind: 'live', text: q, count: expected.total });
  await expect(saved.locator('.source-count')).toHaveText(fmt(expected.total));
  await expect(saved).toHaveClass(/is-active/);

  await page.getByTestId('clear-filters').click();
  await expect(search).toHaveValue('');
  await expectCount(page, DEMO_COUNT);
  await expect(page.getByTestId('filter-chip')).toHaveCount(0);

  await saved.getByTestId('saved-open').click();
  await expect(search).toHaveValue(q);
  await expectCount(page, expected.total);
  await expect(page.getByTestId('col-size')).toHaveAttribute('aria-sort', 'descending');
  await expect(rowAt(page, 0)).toHaveAttribute('data-image-id', String(sorted.rows[0]!.id));
  await facetsSettled(page);
  await loupe.shot('search-9-reopened');
});

test('snapshots, sources as filters, short names, "show more", keys and deleting a saved search', async ({ loupe }) => {
  const { page } = loupe;
  await loadDemo(loupe);
  const search = page.getByTestId('search');

  // A source in the sidebar is a `source:` filter.
  await page.getByTestId('source-item').filter({ hasText: 'Demo data' }).getByRole('button', { name: 'Demo data', exact: true }).click();
  await expect(search).toHaveValue('source:"Demo data"');
  await expectCount(page, DEMO_COUNT, true);
  await expect(page.getByTestId('source-item').first()).toHaveClass(/is-active/);
  await page.getByTestId('show-all').click();
  await expect(search).toHaveValue('');

  // Under 3 characters, free text matches the start of names, and the page says so.
  await search.fill('Be');
  const be = await coreView(loupe, { text: 'Be' });
  await expectCount(page, be.total);
  await expect(page.getByTestId('prefix-hint')).toContainText('“Be” is matched as the start of names');
  await loupe.shot('search-10-prefix-hint');
  await search.fill('erl');
  await expectCount(page, (await coreView(loupe, { text: 'erl' })).total);
  await expect(page.getByTestId('prefix-hint')).toHaveCount(0);

  // A snapshot keeps exactly today's matches.
  await search.fill('tag:blurry labels:0');
  await search.press('Enter');
  const blurry = await coreView(loupe, { text: 'tag:blurry labels:0' });
  await expectCount(page, blurry.total);
  await page.getByTestId('save-search').click();
  await page.getByTestId('save-search-name').fill('Blurry, unlabelled');
  await page.getByTestId('save-search-snapshot').check();
  await page.getByTestId('save-search-ok').click();
  const snap = page.getByTestId('saved-search').filter({ hasText: 'Blurry, unlabelled' });
  await expect(snap).toHaveAttribute('data-kind', 'snapshot');
  await expect(snap.locator('.source-count')).toHaveText(fmt(blurry.total));
  // The same name again is refused, then replaced on request.
  await page.getByTestId('save-search').click();
  await page.getByTestId('save-search-name').fill('Blurry, unlabelled');
  await page.getByTestId('save-search-ok').click();
  await expect(page.getByTestId('save-search-error')).toContainText('already exists');
  await page.keyboard.press('Escape');
  await page.getByTestId('clear-filters').click();
  await snap.getByTestId('saved-open').click();
  await expect(search).toHaveValue(/^snapshot:\d+$/);
  await expectCount(page, blurry.total);
  // Copy as text puts the saved query's text on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await snap.hover();
  await snap.getByTestId('saved-copy').click();
  const [savedSnap] = await loupe.call('searches:list', {});
  expect(savedSnap!.text).toMatch(/^snapshot:\d+$/);
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText()))
    .toBe(savedSnap!.text);

  // "Show more" lists past the first ten values of a truncated facet.
  await page.getByTestId('clear-filters').click();
  await facetsSettled(page);
  const exposure = facet(page, 'meta:exposure_ms');
  await expect(exposure.getByTestId('facet-value')).toHaveCount(10);
  // It says how many values it leaves out: all of them but the ten shown.
  const long = await loupe.call('facets:get', { query: { text: '' }, facets: ['meta:exposure_ms'], limit: 100 });
  expect(long.facets[0]!.truncated).toBe(false);
  await expect(exposure.getByTestId('facet-more')).toHaveText(`+ ${(long.facets[0]!.values.length - 10).toLocaleString('en')} more`);
  await exposure.scrollIntoViewIfNeeded();
  await loupe.shot('facet-more');
  await page.emulateMedia({ colorScheme: 'dark' });
  await loupe.shot('facet-more-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await exposure.getByTestId('facet-more').click();
  await expect.poll(() => exposure.getByTestId('facet-value').count()).toBeGreaterThan(10);
  await expect(exposure.getByTestId('facet-value')).toHaveCount(long.facets[0]!.values.length);
  await exposure.getByTestId('facet-more').click();
  await expect(exposure.getByTestId('facet-value')).toHaveCount(10);

  // `?` lists the keys; Esc closes the list.
  await page.getByTestId('image-grid').focus();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toContainText('Command palette');
  await loupe.shot('search-11-keys');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
  // j/k move through the rows.
  await page.getByTestId('image-grid').focus();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(rowAt(page, 1)).toHaveAttribute('aria-selected', 'true');

  // Delete the snapshot, behind a confirmation.
  await snap.hover();
  await snap.getByTestId('saved-delete').click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByTestId('saved-search')).toHaveCount(0);
  expect(await loupe.call('searches:list', {})).toEqual([]);
});
