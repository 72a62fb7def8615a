import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedFakeData } from '../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../test-support/fake-server/fake-supervisely';
import { expect, test } from './harness';
import { tileImages } from './thumb-tiles';

const TOKEN = 'E2E-thumbs-token-9c2e4a71b35d-never-shown';

test('a synced server project shows real tiles; a foreign host and a lost network get placeholders that say so', async ({ loupe }) => {
  test.setTimeout(120_000);
  const { page } = loupe;
  const { data, projectIds } = seedFakeData({ token: TOKEN, projects: [{ name: 'Street scenes', images: 16, nested: false }] });
  // PNG previews are refused: those tiles come from images.download.
  const fake = new FakeSupervisely(data, { refusePreview: (img) => img.mime === 'image/png' });
  await fake.start();
  try {
    await loupe.call('servers:connect', { server_url: fake.url, token: TOKEN });
    await loupe.call('sync:start', { source_id: (await loupe.call('servers:list', {}))[0]!.source_id, project_ids: projectIds, full: true });
    await loupe.settleJobs();
    // Two records imported from a dump: one stored on another host, one on the connected server.
    const jpeg = [...data.images.values()].find((i) => i.mime === 'image/jpeg')!;
    const dump = join(loupe.dir, 'dump.jsonl');
    writeFileSync(
      dump,
      [
        { id: 71, name: 'dump-elsewhere.jpg', full_storage_url: `https://elsewhere.example${String(jpeg.pathOriginal)}`, meta: {}, tags: [] },
        { id: jpeg.id, name: 'dump-on-server.jpg', full_storage_url: `${fake.url}${String(jpeg.pathOriginal)}`, meta: {}, tags: [] },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    await loupe.call('import:paths', { paths: [dump], skip_bad: false });
    await loupe.settleJobs();

    // Offline first: the dump's server record was never fetched, so it says "offline"; the
    // foreign one says "not connected" and no request leaves for its host (the harness fails
    // the test on any off-host request).
    await fake.goOffline();
    const search = page.getByTestId('search');
    await search.fill('dump-');
    await search.press('Enter');
    await page.getByTestId('view-grid').click();
    await expect(page.getByTestId('thumb-tile')).toHaveCount(2);
    await expect.poll(async () => (await tileImages(loupe)).map((t) => [t.name, t.placeholder])).toEqual([
      ['dump-elsewhere.jpg', 'not-connected'],
      ['dump-on-server.jpg', 'offline'],
    ]);
    await loupe.shot('server-thumbs-placeholders-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await loupe.shot('server-thumbs-placeholders-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Back online: every synced record shows its real pixels (preview, or the file when refused).
    await fake.goOnline();
    await search.fill('');
    await search.press('Enter');
    await expect(page.getByTestId('thumb-tile')).toHaveCount(18);
    const server = async () => (await tileImages(loupe)).filter((t) => !t.name.startsWith('dump-'));
    await expect.poll(async () => (await server()).filter((t) => t.width > 0 && t.placeholder === null).length, { timeout: 60_000 }).toBe(16);
    expect(fake.count('previews')).toBeGreaterThanOrEqual(16);
    expect(fake.count('images.download')).toBe([...data.images.values()].filter((i) => i.mime === 'image/png').length);
    expect(fake.stats.requests.filter((r) => r.method === 'previews' || r.method === 'images.download').every((r) => r.apiKey === TOKEN)).toBe(true);
    await loupe.shot('server-thumbs-grid-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await loupe.shot('server-thumbs-grid-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Kept for offline use: with the server gone, a fresh page still shows every synced tile.
    await fake.goOffline();
    const asked = fake.stats.requests.length;
    await page.reload();
    await page.getByTestId('view-grid').click();
    await expect(page.getByTestId('thumb-tile')).toHaveCount(18);
    await expect.poll(async () => (await server()).filter((t) => t.width > 0 && t.placeholder === null).length).toBe(16);
    expect(fake.stats.requests.length).toBe(asked);
    // The token never reaches the page.
    expect(await page.content()).not.toContain(TOKEN);
  } finally {
    await fake.stop();
  }
});
