import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { seedFakeData } from '../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../test-support/fake-server/fake-supervisely';
import { expect, test, type Loupe } from './harness';

const TOKEN = 'A11Y-token-never-shown-0123456789abcdef';
const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');
type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core's WCAG 2.x A/AA rules over the whole page; the serious and critical findings. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, so the page's CSP (no inline scripts) does not apply.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> } };
    const res = await g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return res.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`);
}

async function check(loupe: Loupe, screen: string, found: Record<string, string[]>): Promise<void> {
  found[screen] = await seriousViolations(loupe.page);
  await loupe.shot(`a11y-${screen}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen has no serious or critical accessibility violation (${scheme})`, async ({ loupe }) => {
    test.setTimeout(180_000);
    const { page } = loupe;
    await page.emulateMedia({ colorScheme: scheme });
    const found: Record<string, string[]> = {};
    await expect(page.getByTestId('empty-state')).toBeVisible();
    await check(loupe, `${scheme}-empty`, found);

    await loupe.call('demo:load', { count: 2_000, seed: 7 });
    await loupe.settleJobs();
    await expect(page.getByTestId('image-grid')).toBeVisible();
    await expect(page.locator('[data-testid="image-row"][data-row-id]').first()).toBeVisible();
    await expect(page.getByTestId('facet').first()).toBeVisible();
    await check(loupe, `${scheme}-table-facets`, found);

    await page.locator('[data-testid="image-row"][data-row-id]').first().click();
    await expect(page.getByTestId('detail-panel')).toBeVisible();
    await check(loupe, `${scheme}-detail`, found);
    await page.getByTestId('detail-close').click();

    const search = page.getByTestId('search');
    await search.click();
    await search.fill('tag:review width:>1000');
    await search.press('Enter');
    await expect(page.getByTestId('chip-bar')).toContainText('review');
    await check(loupe, `${scheme}-search-chips`, found);

    await page.getByTestId('topbar-stats').click();
    await expect(page.getByTestId('stats-panel')).toBeVisible();
    await check(loupe, `${scheme}-stats`, found);
    await page.getByTestId('topbar-stats').click();

    await page.getByTestId('topbar-columns').click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await check(loupe, `${scheme}-columns`, found);
    await page.keyboard.press('Escape');

    loupe.menu('settings');
    await expect(page.getByTestId('settings-dialog')).toBeVisible();
    await check(loupe, `${scheme}-settings`, found);
    await page.keyboard.press('Escape');

    loupe.menu('export');
    await expect(page.getByTestId('export-dialog')).toBeVisible();
    await check(loupe, `${scheme}-export-dialog`, found);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('export-dialog')).toBeHidden();

    const { data } = seedFakeData({ token: TOKEN, projects: [{ name: 'Street scenes', images: 50 }] });
    const fake = new FakeSupervisely(data, { version: '6.17.8' });
    await fake.start();
    try {
      await page.getByRole('button', { name: /Connect a server/ }).first().click();
      await expect(page.getByTestId('connect-dialog')).toBeVisible();
      await page.getByTestId('connect-url').fill(fake.url);
      await check(loupe, `${scheme}-connect-dialog`, found);
      await page.getByTestId('connect-token').fill(TOKEN);
      await page.getByTestId('connect-submit').click();
      await expect(page.getByTestId('sync-sheet')).toBeVisible();
      await expect(page.getByTestId('remote-project').first()).toBeVisible();
      await check(loupe, `${scheme}-sync-sheet`, found);
    } finally {
      await fake.stop();
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });
}
