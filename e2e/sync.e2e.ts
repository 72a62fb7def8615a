import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedFakeData } from '../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../test-support/fake-server/fake-supervisely';
import { expect, test } from './harness';

const TOKEN = 'E2E-SENTINEL-token-4f1c9b7d2a-never-shown';
const IMAGES = 2400;
const fmt = (n: number) => n.toLocaleString('en-US');

test('connect through the UI, sync a project, lose the network, resume, and see what changed', async ({ loupe }) => {
  test.setTimeout(180_000);
  const { page, core } = loupe;
  const { data, projectIds } = seedFakeData({ token: TOKEN, projects: [{ name: 'Street scenes', images: IMAGES }, { name: 'Warehouse', images: 300 }] });
  const [streets] = projectIds as [number, number];
  // Pages of 100. The 6th listing page waits (at most 4 s, under the client's timeout) while
  // the test looks at the progress; the network goes away at the 12th.
  let pages = 0;
  let release = () => {};
  const fake: FakeSupervisely = new FakeSupervisely(data, {
    maxPerPage: 100,
    latencyMs: 30,
    version: '6.17.8',
    pause: ({ method, body }) => {
      if (method !== 'images.list' || !body.pagination_mode || pages !== 6) return undefined;
      return new Promise<void>((ok) => {
        release = ok;
        setTimeout(ok, 4_000);
      });
    },
    faults: ({ method, body }) => {
      if (method === 'images.list' && body.pagination_mode && ++pages === 12) void fake.goOffline();
      return undefined;
    },
  });
  await fake.start();
  try {
    // Connect from the sidebar. A wrong token first: a specific message, nothing stored.
    await page.getByTestId('connect-open-empty').click();
    const dialog = page.getByTestId('connect-dialog');
    await page.getByTestId('connect-url').fill(fake.url);
    await page.getByTestId('connect-token').fill('not-the-token');
    await page.getByTestId('connect-submit').click();
    await expect(page.getByTestId('connect-error')).toContainText('The server refused this token');
    await expect(page.getByTestId('connect-error')).toContainText('rejected the API token (HTTP 401');
    await page.getByTestId('connect-token').fill(TOKEN);
    await loupe.shot('sync-connect');
    await page.getByTestId('connect-submit').click();
    await expect(dialog).toBeHidden();

    // The account's sheet opens on the remote tree, fetched once and cached for offline use.
    const sheet = page.getByTestId('sync-sheet');
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole('heading', { level: 2 })).toHaveText(/^alice @ 127\.0\.0\.1:\d+$/);
    await expect(sheet).toContainText('Supervisely 6.17.8 · token in keychain');
    const project = sheet.locator(`[data-testid="remote-project"][data-project-id="${streets}"]`);
    await expect(project).toContainText(`Street scenes${fmt(IMAGES)} images`);
    await expect(sheet.getByTestId('remote-project')).toHaveCount(2); // the video project is not listed
    await project.getByRole('button', { name: 'Show datasets of Street scenes' }).click();
    await expect(sheet.getByTestId('remote-dataset')).toHaveText([/^train/, /^city/, /^highway/, /^val/]);
    await project.getByTestId('project-check').check();
    await loupe.shot('sync-tree');
    await page.getByTestId('sync-start').click();
    await expect(sheet).toBeHidden();

    // Progress per project in the panel; then the network goes away mid-way.
    const row = page.locator(`[data-testid="sync-project"][data-project-id="${streets}"]`);
    await expect(row).toHaveAttribute('data-state', 'running');
    await expect(row.getByTestId('sync-numbers')).toContainText(/^600 \/ 2,400/, { timeout: 60_000 });
    await loupe.shot('sync-progress');
    release();
    await expect(row).toHaveAttribute('data-state', 'interrupted', { timeout: 60_000 });
    await expect(row).toContainText('Cannot reach 127.0.0.1');
    await expect(page.getByTestId('notice-error').last()).toContainText('Sync stopped — what it fetched is kept');
    const kept = core.db.prepare('SELECT count(*) FROM images').pluck().get() as number;
    expect(kept).toBe(1100); // 11 pages committed, the 12th lost with the network
    await expect(page.getByTestId('result-count')).toHaveText('1,100 images');
    fake.faults = undefined;
    await loupe.shot('sync-interrupted');

    // Back online: Resume continues from the checkpoint and finishes.
    await fake.goOnline();
    const before = fake.stats.requests.length;
    await row.getByTestId('sync-resume').click();
    await expect(row).toHaveAttribute('data-state', 'synced', { timeout: 90_000 });
    const resumed = fake.stats.requests.slice(before).find((r) => r.method === 'images.list' && r.body.pagination_mode);
    expect(resumed?.body.after).toEqual(expect.any(String));
    await loupe.settleJobs();
    const cached = new Map((core.db.prepare('SELECT id, updated_at FROM images WHERE project_id = ?').all(streets) as { id: number; updated_at: string }[]).map((r) => [r.id, r.updated_at]));
    expect(cached).toEqual(data.snapshot(streets));
    await expect(page.getByTestId('result-count')).toHaveText(`${fmt(IMAGES)} images`);
    await expect(page.locator('[data-testid="image-row"][data-row-id]').first()).toBeVisible();
    await expect(page.getByTestId('server-item')).toContainText('Synced');
    // The resumed sync's result replaced the stopped one's error notice.
    await expect(page.getByTestId('notice-error')).toHaveCount(0);

    // A server-side edit, an incremental sync, and "what changed".
    const ids = [...data.snapshot(streets).keys()];
    const edited = ids[7] as number;
    const old = data.images.get(edited) as unknown as { meta: Record<string, unknown> };
    const tags = data.tagMetas.get(streets)!;
    const weather = tags.find((t) => t.name === 'weather')!;
    data.editImage(edited, {
      meta: { ...old.meta, camera: 'cam-99', weather: 'fog' },
      labelsCount: 42,
      tags: [{ id: 99_000_001, tagId: weather.id, entityId: edited, value: 'snow', labelerLogin: 'bogdan' }],
    });
    data.deleteImage(ids[8] as number);
    data.deleteImage(ids[9] as number);
    const [val] = [...data.datasets.values()].filter((d) => d.projectId === streets && d.name === 'val');
    const added = data.addImages(val!.id, 3);
    await page.getByTestId('server-item').click();
    await page.getByTestId('sync-start').click();
    await expect(row).toHaveAttribute('data-state', 'synced');
    await expect(row.getByTestId('sync-counts')).toHaveText('3 new · 1 updated · 2 deleted', { timeout: 60_000 });
    await loupe.settleJobs();
    await expect(page.getByTestId('result-count')).toHaveText(`${fmt(IMAGES + 1)} images`);
    await row.getByTestId('sync-changes').click();
    const changes = page.getByTestId('what-changed');
    await expect(changes.getByTestId('changes-pass')).toContainText('Street scenes · incremental sync');
    await expect(changes.getByTestId('change')).toHaveCount(6);
    const upd = changes.locator(`[data-testid="change"][data-image-id="${edited}"]`);
    await expect(upd).toHaveAttribute('data-change', 'updated');
    await expect(upd.locator('[data-path="labels_count"] .diff-after')).toHaveText('42');
    await expect(upd.locator('[data-path="meta.camera"] .diff-after')).toHaveText('"cam-99"');
    await expect(upd.locator('[data-path="meta.weather"] .diff-before')).toHaveText('—');
    await expect(upd.getByTestId('diff-tag').filter({ hasText: 'weather' })).toContainText('"snow"');
    for (const a of added) await expect(changes.locator(`[data-testid="change"][data-image-id="${a.id}"]`)).toHaveAttribute('data-change', 'added');
    await changes.getByTestId('changes-filter-deleted').click();
    await expect(changes.getByTestId('change')).toHaveCount(2);
    await changes.getByTestId('changes-filter-all').click();
    await loupe.shot('sync-what-changed');

    // The token reached the server and nothing else: not the page, not the cache file.
    expect(fake.stats.requests.some((r) => r.apiKey === TOKEN)).toBe(true);
    expect(await page.content()).not.toContain(TOKEN);
    const file = readFileSync(join(loupe.dir, 'cache.sqlite'));
    expect(file.includes(Buffer.from(TOKEN))).toBe(false);

    // Disconnect forgets the token; the records and the project list stay, offline.
    await changes.press('Escape');
    await page.getByTestId('server-item').click();
    await sheet.getByTestId('disconnect').click();
    await expect(sheet.getByTestId('reconnect')).toBeVisible();
    await expect(sheet.getByTestId('sync-start')).toBeDisabled();
    await expect(sheet.getByTestId('disconnect')).toHaveCount(0);
    await expect(sheet.getByTestId('remote-project').first()).toBeVisible();
    expect((await loupe.call('servers:list', {}))[0]?.token).toBe('missing');
    await loupe.shot('sync-disconnected');
    await expect(page.getByTestId('result-count')).toHaveText(`${fmt(IMAGES + 1)} images`);
  } finally {
    await fake.stop();
  }
});
