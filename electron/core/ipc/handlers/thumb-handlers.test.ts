import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../app-core';
import { testCore } from '../../../../test-support/core-fixture';
import { writePhotoProject } from '../../../../test-support/image-fixtures';
import { useTempDir } from '../../../../test-support/temp-dir';
import { ThumbStore, thumbDirFor } from '../../thumbs/thumb-store';
import { seedFakeData } from '../../../../test-support/fake-server/fake-data';
import { FakeSupervisely } from '../../../../test-support/fake-server/fake-supervisely';
import { FAST_TUNING } from '../../../../test-support/sync-test-support';

const dir = useTempDir();
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('thumbs:make', () => {
  it('makes the thumbnails of the view in a job, reports the files it cannot read, and changes nothing in the cache', async () => {
    const root = join(dir(), 'photos');
    await writePhotoProject(root, { jpegs: 3, pngs: 1, absent: 1 });
    const t = testCore(dir());
    core = t.core;
    await core.jobs.settle((await core.handlers['import:paths']({ paths: [root], skip_bad: false })).job_ids[0] as string);
    const events = t.events.length;
    const query = { text: '', sort: [{ key: 'name' as const, dir: 'asc' as const }] };
    const job = await core.jobs.settle((await core.handlers['thumbs:make']({ query })).job_id);
    expect(job).toMatchObject({ kind: 'thumbnails', state: 'done', result: { records: 8, inserted: 4, unchanged: 0, skipped: 4 } });
    expect(job.result?.problems.map((p) => p.file).sort()).toEqual(['zz_cut.jpg', 'zz_noise.jpg', 'zz_text.png'].map((f) => join(root, 'photos', 'img', f)));
    expect(job.result?.warnings).toEqual(['1 record has no local image file and no connected server']);
    expect(t.events.slice(events).some((e) => e.event === 'cache:changed')).toBe(false);
    const again = await core.jobs.settle((await core.handlers['thumbs:make']({ query: { ...query, text: 'photo_' } })).job_id);
    expect(again).toMatchObject({ title: 'Thumbnails: photo_', result: { inserted: 0, unchanged: 4, skipped: 0 } });
    const store = ThumbStore.open(thumbDirFor(join(dir(), 'cache.sqlite')));
    expect(store.count()).toBe(4);
    store.close();
  });

  it('covers a connected server’s records in the job, with the stored token; without it they are missing', async () => {
    const token = 'thumbs-job-token-0123456789abcdef';
    const { data, projectIds } = seedFakeData({ token, projects: [{ name: 'Streets', images: 6, nested: false }] });
    const fake = new FakeSupervisely(data);
    await fake.start();
    try {
      const t = testCore(dir(), () => null, { syncTuning: FAST_TUNING });
      core = t.core;
      const { account } = await core.handlers['servers:connect']({ server_url: fake.url, token });
      await core.jobs.settle((await core.handlers['sync:start']({ source_id: account.source_id, project_ids: projectIds, full: true })).job_id);
      const query = { text: '', sort: [{ key: 'name' as const, dir: 'asc' as const }] };
      const job = await core.jobs.settle((await core.handlers['thumbs:make']({ query })).job_id);
      expect(job).toMatchObject({ state: 'done', result: { records: 6, inserted: 6, skipped: 0 } });
      expect(fake.stats.requests.filter((r) => r.method === 'previews').every((r) => r.apiKey === token)).toBe(true);
      expect(JSON.stringify(job)).not.toContain(token);
      await core.handlers['servers:disconnect']({ source_id: account.source_id });
      const asked = fake.stats.requests.length;
      const without = await core.jobs.settle((await core.handlers['thumbs:make']({ query: { ...query, text: 'cam' } })).job_id);
      // Kept thumbnails still count; nothing is asked of the server without a token.
      expect(without.result).toMatchObject({ unchanged: without.result?.records, skipped: 0 });
      expect(fake.stats.requests.length).toBe(asked);
    } finally {
      await fake.stop();
    }
  });
});
