import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../app-core';
import { testCore } from '../../../../test-support/core-fixture';
import { writePhotoProject } from '../../../../test-support/image-fixtures';
import { useTempDir } from '../../../../test-support/temp-dir';
import { ThumbStore, thumbDirFor } from '../../thumbs/thumb-store';

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
    expect(job.result?.warnings).toEqual(['1 record has no local image file']);
    expect(t.events.slice(events).some((e) => e.event === 'cache:changed')).toBe(false);
    const again = await core.jobs.settle((await core.handlers['thumbs:make']({ query: { ...query, text: 'photo_' } })).job_id);
    expect(again).toMatchObject({ title: 'Thumbnails: photo_', result: { inserted: 0, unchanged: 4, skipped: 0 } });
    const store = ThumbStore.open(thumbDirFor(join(dir(), 'cache.sqlite')));
    expect(store.count()).toBe(4);
    store.close();
  });
});
