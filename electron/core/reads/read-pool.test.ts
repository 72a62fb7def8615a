import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySchema, type QueryInput } from '../../../shared/query';
import { NODE_READER } from '../../../test-support/core-fixture';
import { FacetService } from '../cache/facet-service';
import { ImageViews } from '../cache/image-views';
import { openCache, type Db } from '../cache/open-cache';
import { TagNames } from '../cache/tag-names';
import { importDemo } from '../demo/import-demo';
import { ReadPool } from './read-pool';

let dir: string;
let db: Db;
let pool: ReadPool;
const ready: string[] = [];
const q = (input: QueryInput) => querySchema.parse(input);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-reads-'));
  db = openCache(join(dir, 'cache.sqlite'));
  await importDemo(db, 3000, 5);
  pool = new ReadPool(join(dir, 'cache.sqlite'), NODE_READER, (n) => n.type === 'facets:ready' && ready.push(n.key), 2);
});

afterAll(async () => {
  await pool.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ReadPool', () => {
  it('answers views, windows and facets from its threads exactly as the cache functions answer on main', async () => {
    const views = new ImageViews(db, new TagNames(db));
    const facets = new FacetService(db, () => {}, Infinity);
    for (const text of ['tag:review width:>1000', 'street', '-tag:blurry', 'nothing-matches-this']) {
      const query = q({ text, sort: [{ key: 'size', dir: 'desc' }] });
      const here = views.open(query);
      const there = await pool.call('images:openView', { query });
      expect(there.total, text).toBe(here.total);
      expect(there.hints).toEqual(here.hints);
      const mid = Math.floor(here.total / 2);
      const threadRows = await pool.call('images:window', { view_id: there.view_id, offset: mid, limit: 50 });
      expect(threadRows, text).toEqual(views.window(here.view_id, mid, 50));
      // Asked for, the first rows come with the view itself.
      const withFirst = await pool.call('images:openView', { query, first: 20 });
      expect(withFirst.rows).toEqual(views.window(here.view_id, 0, 20).rows);
      // The reader's facets: first answer may defer slow facets; once ready, they are exact.
      let answer = await pool.call('facets:get', { query, limit: 10 });
      while (answer.facets.some((f) => f.status === 'counting')) {
        await new Promise((r) => setTimeout(r, 20));
        answer = await pool.call('facets:get', { query, limit: 10 });
      }
      const expected = facets.get(query, undefined, 10);
      expect(answer.total).toBe(expected.total);
      const strip = (fs: typeof answer.facets) => fs.map(({ ms: _ms, ...f }) => f);
      expect(strip(answer.facets), text).toEqual(strip(expected.facets));
    }
    views.clear();
  });

  it('a request superseded in its lane never answers with data; the newer one does', async () => {
    const older = pool.call('images:openView', { query: q({ text: 'cam-07' }) }, 'table');
    const newer = pool.call('images:openView', { query: q({ text: 'street' }) }, 'table');
    await expect(older).rejects.toMatchObject({ code: 'CANCELLED' });
    const view = await newer;
    expect(view.total).toBeGreaterThan(0);
    // Calls outside the lane are left alone.
    const other = await pool.call('images:openView', { query: q({ text: 'cam-07' }) });
    expect(other.total).toBeGreaterThan(0);
  });

  it('starts its threads when it is made: they are up and connected before any call', async () => {
    const fresh = new ReadPool(join(dir, 'cache.sqlite'), NODE_READER, () => {}, 2);
    try {
      const threads = await fresh.ready();
      expect(threads).toHaveLength(2);
      expect(new Set(threads).size).toBe(2);
      // Up means answering: the first call finds its connection open.
      const view = await fresh.call('images:openView', { query: q({ text: 'street' }), first: 5 });
      expect(view.rows).toHaveLength(5);
    } finally {
      await fresh.close();
    }
  });

  it('keeps main free while a reader works: timers on main fire before the answer arrives', async () => {
    // A fresh pool: its reader's thread and connection are still starting when the call is made.
    const fresh = new ReadPool(join(dir, 'cache.sqlite'), NODE_READER, () => {}, 1);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const res = await fresh.call('facets:get', { query: q({ text: '-tag:review' }), limit: 10 });
      expect(res.total).toBeGreaterThan(0);
      // Run on main, the call would be one synchronous stretch: no timer could fire during it.
      expect(ticks).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
      await fresh.close();
    }
  });
});
