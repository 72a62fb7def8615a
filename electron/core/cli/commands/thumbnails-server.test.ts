import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliWithEnv } from '../../../../test-support/cli-run';
import { seedFakeData } from '../../../../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../../../../test-support/fake-server/fake-supervisely';
import { useTempDir } from '../../../../test-support/temp-dir';

const TOKEN = 'SENTINEL-thumbs-cli-token-0123456789abcdef';
const dir = useTempDir();
let fake: FakeSupervisely | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('loupe thumbnails --server', () => {
  it('makes the thumbnails of a synced server’s records with the token from API_TOKEN, counted like local files', async () => {
    const { data, projectIds } = seedFakeData({ token: TOKEN, projects: [{ name: 'Streets', images: 8, nested: false }] });
    fake = new FakeSupervisely(data, { refusePreview: (img) => img.mime === 'image/png' });
    const url = await fake.start();
    const cache = join(dir(), 'c.sqlite');
    const env = { HOME: dir(), API_TOKEN: TOKEN };
    expect((await cliWithEnv(['--cache', cache, 'sync', '--server', url, '--project', String(projectIds[0])], env)).code).toBe(0);

    // Without --server no host is contacted: the server's records have no pixels here.
    const asked = fake.stats.requests.length;
    const offline = await cliWithEnv(['--cache', cache, 'thumbnails'], env);
    expect(JSON.parse(offline.out)).toMatchObject({ made: 0, cached: 0, missing: 8, failed: 0 });
    expect(fake.stats.requests.length).toBe(asked);

    const first = await cliWithEnv(['--cache', cache, 'thumbnails', '--server', url], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ made: 8, cached: 0, missing: 0, failed: 0 });
    const second = await cliWithEnv(['--cache', cache, 'thumbnails', '--server', url], env);
    expect(JSON.parse(second.out)).toMatchObject({ made: 0, cached: 8, missing: 0, failed: 0 });

    // A refused token: every record fails, named, and the token is written nowhere.
    const bad = await cliWithEnv(['--cache', cache, 'thumbnails', '--server', url, '--size', '64'], { ...env, API_TOKEN: 'not-the-token-at-all' });
    expect(JSON.parse(bad.out)).toMatchObject({ made: 0, failed: 8 });
    expect(bad.err).toMatch(/^failed: image \d+ on 127\.0\.0\.1:\d+: 127\.0\.0\.1:\d+ rejected the API token \(HTTP 401/m);
    for (const r of [first, second, bad]) expect(r.out + r.err).not.toContain(TOKEN);
  });
});
