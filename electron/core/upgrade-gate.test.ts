import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../shared/jobs';
import { testCore } from '../../test-support/core-fixture';
import { useTempDir } from '../../test-support/temp-dir';
import type { ImageInfo } from '../../shared/image-info';
import { querySchema } from '../../shared/query';
import { openCache } from './cache/open-cache';
import { ImageWriter } from './cache/image-writer';
import { LATEST_VERSION } from './cache/migrate';

const dir = useTempDir();

/** A cache as schema 60 left it (the tables and index later migrations add are gone), with records. */
function schema60Cache(file: string, names: string[]): void {
  const db = openCache(file);
  db.prepare("INSERT INTO sources (kind, uri, label, created_at) VALUES ('file', '/x', 'x', 'now')").run();
  const sourceId = db.prepare('SELECT id FROM sources').pluck().get() as number;
  db.transaction(() => {
    const writer = new ImageWriter(db, sourceId, '2026-01-01T00:00:00Z', new Map(), { bulk: false });
    names.forEach((name, i) => writer.write({ id: i + 1, name, meta: {}, tags: [] } as unknown as ImageInfo));
    writer.finish();
  })();
  db.exec('DROP TABLE export_log; DROP TABLE image_files; DROP INDEX images_name_natural; PRAGMA user_version = 60;');
  db.close();
}

describe('a cache from an older schema', () => {
  it('is upgraded in a job while the core answers status calls, then serves as usual', async () => {
    const names = ['b 10.jpg', 'a.jpg', 'b 9.jpg'];
    schema60Cache(join(dir(), 'cache.sqlite'), names);
    const { core, events } = testCore(dir());
    try {
      // Asked at once, a read waits for the upgrade instead of meeting the old schema.
      let answered = false;
      const view = core.handlers['images:openView']({ query: querySchema.parse({ sort: [{ key: 'name', dir: 'asc' }] }), first: 10 });
      void Promise.resolve(view).then(() => (answered = true));
      await new Promise((ok) => setTimeout(ok, 0));
      const list = await core.handlers['jobs:list']({});
      expect(list).toEqual([expect.objectContaining({ kind: 'upgrade', state: 'running', title: 'Upgrading the cache' })]);
      expect(answered).toBe(false);
      await expect(Promise.resolve(core.handlers['settings:get']({}))).resolves.toHaveProperty('settings.theme');

      const opened = await view;
      expect(opened.total).toBe(3);
      expect(opened.rows?.map((r) => r.name)).toEqual(['a.jpg', 'b 9.jpg', 'b 10.jpg']);
      expect(core.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      const upgrades = events.filter((e) => e.event === 'jobs:progress').map((e) => e.payload as Job);
      const last = upgrades.at(-1)!;
      expect(last).toMatchObject({ kind: 'upgrade', state: 'done' });
      // One step per pending migration and one for the indexes, whichever migrations there are.
      expect(last.total).toBeGreaterThanOrEqual(2);
      expect(last.done).toBe(last.total);
      expect(events.some((e) => e.event === 'cache:changed')).toBe(true);
      expect((await core.handlers['app:info']({})).image_count).toBe(3);
    } finally {
      await core.close();
    }
  });

  it('a new cache and a current one open at once, with no upgrade job', async () => {
    const { core } = testCore(dir());
    try {
      expect(await core.handlers['jobs:list']({})).toEqual([]);
      expect((await core.handlers['images:openView']({ query: querySchema.parse({}) })).total).toBe(0);
    } finally {
      await core.close();
    }
  });
});
