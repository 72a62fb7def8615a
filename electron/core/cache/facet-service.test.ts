import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import { formatClause } from '../../../shared/query-language';
import type { Facet } from '../../../shared/search';
import { importDemo } from '../demo/import-demo';
import { openCache, type Db } from './open-cache';
import { FacetService } from './facet-service';
import { compileQuery } from './compile-query';
import { deleteSavedSearch, listSavedSearches, saveSearch } from './saved-searches';
import { getCatalogue } from './catalogue';
import { commitDemoFromAnotherConnection } from '../../../test-support/commit-demo';
import { countWholeCache, facetCountsStale, precomputedSpecs, storeFacetCounts, wholeCacheCount } from './facet-counts';

let db: Db;
const q = (text = '') => querySchema.parse({ text });
const count = (text: string) => {
  const { where, params } = compileQuery(q(text));
  return db.prepare(`SELECT count(*) FROM images i ${where}`).pluck().get(...params) as number;
};
const byId = (facets: Facet[], id: string) => facets.find((f) => f.id === id) as Facet;

beforeAll(async () => {
  db = openCache(join(mkdtempSync(join(tmpdir(), 'loupe-facets-')), 'c.sqlite'));
  await importDemo(db, 3000, 5);
});

describe('FacetService', () => {
  it('counts every facet of the panel over the whole cache, and each value’s chip finds exactly that many', async () => {
    const ready: string[] = [];
    const svc = new FacetService(db, (k) => ready.push(k));
    // Right after a load the whole-cache counts are stale: recounted in the background first.
    const first = svc.get(q());
    expect(first.facets.every((f) => f.status === 'counting')).toBe(true);
    await svc.settled(first.key);
    expect(ready).toEqual([first.key]);
    expect(wholeCacheCount(db)).toBe(3000);
    const res = svc.get(q());
    expect(res.total).toBe(3000);
    expect(res.facets.map((f) => f.id)).toEqual([
      'dataset',
      'tag',
      'ext',
      'mime',
      'author',
      'labels',
      'size',
      'width',
      'created',
      'meta:camera',
      'meta:night',
      'meta:exposure_ms',
    ]);
    for (const f of res.facets) {
      expect(f.status, f.id).toBe('done');
      for (const v of f.values.slice(0, 4)) {
        expect(count(formatClause(v.clause)), `${f.id} ${v.label}`).toBe(v.count);
      }
    }
    const tree = byId(res.facets, 'dataset');
    const train = tree.values.find((v) => v.label === 'train');
    expect(train).toMatchObject({ depth: 0 });
    expect(train?.count).toBe(count('dataset:train'));
    expect(tree.values.find((v) => v.label === 'train/city')?.depth).toBe(1);
  });

  it('counts under a filter, says when a list is truncated (LIMIT n+1), and negated chips exclude', () => {
    // A generous budget: this test is about the counts, not the deferral.
    const svc = new FacetService(db, () => {}, 60_000);
    const res = svc.get(q('tag:review'), ['ext', 'author', 'tag', 'meta:camera'], 2);
    expect(res.total).toBe(count('tag:review'));
    const author = byId(res.facets, 'author');
    expect(author.values).toHaveLength(2);
    expect(author.truncated).toBe(true);
    // It says how many values it leaves out, under a filter and over the whole cache.
    const every = (text: string) => byId(svc.get(q(text), ['author'], 1000).facets, 'author');
    expect(every('tag:review').truncated).toBe(false);
    expect(author.more).toBe(every('tag:review').values.length - 2);
    expect(byId(svc.get(q(), ['author'], 2).facets, 'author').more).toBe(every('').values.length - 2);
    for (const f of res.facets) {
      for (const v of f.values) expect(count(`tag:review ${formatClause(v.clause)}`), `${f.id} ${v.label}`).toBe(v.count);
    }
    const top = author.values[0];
    if (!top) throw new Error('no author');
    expect(count(`tag:review -${formatClause(top.clause)}`)).toBe(res.total - top.count);
    expect(byId(res.facets, 'tag').values[0]?.label).toBe('review');
  });

  it('defers a facet that overruns its budget ("counting"), finishes it off the interactive path and announces it', async () => {
    const ready: string[] = [];
    const svc = new FacetService(db, (key) => ready.push(key), -1);
    const first = svc.get(q('ext:jpeg'), ['author', 'labels']);
    expect(first.facets.map((f) => f.status)).toEqual(['counting', 'counting']);
    await svc.settled(first.key);
    expect(ready).toEqual([first.key]);
    const again = svc.get(q('ext:jpeg'), ['author', 'labels']);
    expect(again.facets.map((f) => f.status)).toEqual(['done', 'done']);
    const exact = new FacetService(db, () => {}, 60_000).get(q('ext:jpeg'), ['author', 'labels']);
    expect(again.facets.map((f) => f.values)).toEqual(exact.facets.map((f) => f.values));
  });

  it('reports how far a deferred facet has got, step by step, up to all of it, then the exact counts', async () => {
    const steps: number[] = [];
    const events: string[] = [];
    const svc = new FacetService(db, (key) => events.push(`ready ${key}`), -1, () => true, 500, false, (key, fraction) => {
      events.push(`progress ${key}`);
      steps.push(fraction);
    });
    const first = svc.get(q('ext:jpeg'), ['author']);
    expect(byId(first.facets, 'author').status).toBe('counting');
    await svc.settled(first.key);
    // 3,000 rows in steps of 500: six reports, rising, the last one the whole of it, before "ready".
    expect(steps).toEqual([1, 2, 3, 4, 5, 6].map((n) => n / 6));
    expect(events.at(-1)).toBe(`ready ${first.key}`);
    expect(events.slice(0, -1).every((e) => e === `progress ${first.key}`)).toBe(true);
    const done = byId(svc.get(q('ext:jpeg'), ['author']).facets, 'author');
    const exact = byId(new FacetService(db, () => {}, 60_000).get(q('ext:jpeg'), ['author']).facets, 'author');
    expect(done.status).toBe('done');
    expect(done.values).toEqual(exact.values);
    expect(done.values.reduce((n, v) => n + v.count, 0)).toBeGreaterThan(0);
  });
});

describe('saved searches and the catalogue', () => {
  it('saves live and snapshot searches, reopens them by query, and copies them as text', () => {
    const live = saveSearch(db, { name: 'review wide', kind: 'live', query: q('tag:review width:>=1920'), overwrite: false });
    expect(live.text).toBe('tag:review width:>=1920');
    expect(live.count).toBe(count('tag:review width:>=1920'));
    const snap = saveSearch(db, { name: 'night set', kind: 'snapshot', query: q('dataset:train/night'), overwrite: false });
    expect(snap.text).toBe(`snapshot:${snap.id}`);
    expect(snap.count).toBe(count('dataset:train/night'));
    const { where, params } = compileQuery(snap.query);
    expect(db.prepare(`SELECT count(*) FROM images i ${where}`).pluck().get(...params)).toBe(snap.count);
    expect(() => saveSearch(db, { name: 'night set', kind: 'live', query: q(), overwrite: false })).toThrow(/already exists/);
    expect(listSavedSearches(db).map((s) => s.name)).toEqual(['night set', 'review wide']);
    expect(deleteSavedSearch(db, snap.id)).toBe(true);
    expect(db.prepare('SELECT count(*) FROM saved_search_items').pluck().get()).toBe(0);
  });

  it('lists fields, meta keys with inferred types and counts, tags and datasets', () => {
    const c = getCatalogue(db);
    expect(c.fields.map((f) => f.name)).toContain('labels');
    const camera = c.meta_keys.find((k) => k.key === 'camera');
    expect(camera).toEqual({ key: 'camera', type: 'string', count: 3000 });
    expect(c.meta_keys.find((k) => k.key === 'exposure_ms')?.type).toBe('number');
    expect(c.meta_keys.find((k) => k.key === 'night')?.type).toBe('boolean');
    expect(c.meta_keys.find((k) => k.key === 'gps.lat')?.type).toBe('number');
    expect(c.tag_names.map((t) => t.name)).toContain('review');
    expect(c.dataset_paths).toContain('train/city');
  });
});

describe('the catalogue right after an import', () => {
  it('lists tag names with their counts as they are now, before the stored counts are recounted', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'loupe-catalogue-')), 'c.sqlite');
    const own = openCache(path);
    await importDemo(own, 300, 4);
    storeFacetCounts(own, precomputedSpecs(own).map((s) => [s, countWholeCache(own, s)] as const));
    commitDemoFromAnotherConnection(path, 200, 8);
    expect(facetCountsStale(own)).toBe(true);
    const now = own.prepare('SELECT name, count(DISTINCT row_id) AS count FROM image_tags GROUP BY name').all() as { name: string; count: number }[];
    const listed = getCatalogue(own).tag_names;
    expect(listed.length).toBe(now.length);
    for (const t of now) expect(listed.find((x) => x.name === t.name)?.count, t.name).toBe(t.count);
    own.close();
  });
});

describe('whole-cache counts while another connection writes', () => {
  it('recounts when a commit lands in the middle of a background recount, so the total is never stale', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'loupe-facets-race-')), 'c.sqlite');
    const own = openCache(path);
    await importDemo(own, 500, 3);
    const ready: string[] = [];
    const svc = new FacetService(own, (k) => ready.push(k));
    const first = svc.get(q());
    expect(first.facets.every((f) => f.status === 'counting')).toBe(true);
    // Let the recount take a few steps (one facet each: dataset, tag, ext, …), then commit 40
    // more records from a second connection (as an import worker would) before the rest.
    for (let i = 0; i < 4; i++) await new Promise((r) => setImmediate(r));
    commitDemoFromAnotherConnection(path, 40, 99);
    await svc.settled(first.key);
    expect(ready).toEqual([first.key]);
    expect(wholeCacheCount(own)).toBe(540);
    const res = svc.get(q());
    expect(res.total).toBe(540);
    // Every record has an ext and a label count: each facet, counted early or late in the
    // pass, must account for all 540.
    for (const id of ['ext', 'labels']) {
      const f = byId(res.facets, id);
      expect(f.status, id).toBe('done');
      expect(f.truncated, id).toBe(false);
      expect(f.values.reduce((n, v) => n + v.count, 0), id).toBe(540);
    }
    own.close();
  });
});

describe('storing whole-cache counts', () => {
  it('does not wait for a write lock another connection holds: it stores nothing and says so', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'loupe-facets-lock-')), 'c.sqlite');
    const own = openCache(path);
    await importDemo(own, 200, 4);
    const computed = precomputedSpecs(own).map((s) => [s, countWholeCache(own, s)] as const);
    const version = own.pragma('data_version', { simple: true }) as number;
    const worker = openCache(path);
    worker.exec('BEGIN IMMEDIATE'); // an import in progress holds the write lock
    try {
      expect(storeFacetCounts(own, computed, version, { wait: false })).toBe(false);
      expect(own.pragma('busy_timeout', { simple: true })).toBe(10_000);
    } finally {
      worker.exec('ROLLBACK');
      worker.close();
    }
    expect(facetCountsStale(own)).toBe(true);
    // Once the lock is free the same counts are stored and the flag clears.
    expect(storeFacetCounts(own, computed, version, { wait: false })).toBe(true);
    expect(facetCountsStale(own)).toBe(false);
    expect(wholeCacheCount(own)).toBe(200);
    own.close();
  });
});
