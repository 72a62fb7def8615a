import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import type { FacetId } from '../../../shared/search';
import { importDemo } from '../demo/import-demo';
import { commitDemoFromAnotherConnection } from '../../../test-support/commit-demo';
import { FacetService } from './facet-service';
import { openCache, type Db } from './open-cache';

let dir: string;
let path: string;
let db: Db;
const q = (text: string) => querySchema.parse({ text });
/** Every facet of the panel plus meta keys of each value type. */
const PANEL: FacetId[] = ['dataset', 'tag', 'ext', 'mime', 'author', 'labels', 'size', 'width', 'created', 'meta', 'meta:gps.lat'];
const QUERIES = [
  'tag:review',
  'tag:review width:>1000',
  'street',
  'meta.camera:"cam 07" -tag:blurry',
  'size:<100000',
  'labels:0',
  '-tag:split-note',
  'dataset:train OR ext:png',
  '-(ext:png OR labels:>3)',
  'author:*a* created:2024',
  'name:nothing-is-called-this',
  'has:description -has:meta',
];

/** The scans' answer, every facet counted to the end (no time budget). */
function byScans(text: string) {
  return new FacetService(db, undefined, Number.POSITIVE_INFINITY).get(q(text), PANEL, 10);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-facet-store-'));
  path = join(dir, 'c.sqlite');
  db = openCache(path);
  await importDemo(db, 2000, 11);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('facet counts from the facet store', () => {
  it('are exactly what the scans count, for every facet and query', async () => {
    const svc = new FacetService(db, undefined, undefined, undefined, undefined, true);
    expect(await svc.storeReady()).toBe(true);
    let some = 0;
    for (const text of QUERIES) {
      const fromStore = svc.get(q(text), PANEL, 10);
      const scanned = byScans(text);
      expect(fromStore.facets.every((f) => f.status === 'done'), text).toBe(true);
      expect(fromStore.total, text).toBe(scanned.total);
      expect(fromStore.facets.map(({ ms: _, ...f }) => f), text).toEqual(scanned.facets.map(({ ms: _, ...f }) => f));
      if (scanned.total > 0 && scanned.total < 2000) some++;
    }
    expect(some).toBeGreaterThan(8);
  });

  it('after another connection commits, counts the new records: by the scans at once, then from a rebuilt store', async () => {
    const svc = new FacetService(db, undefined, Number.POSITIVE_INFINITY, undefined, undefined, true);
    expect(await svc.storeReady()).toBe(true);
    const before = svc.get(q('ext:png'), PANEL, 10).total;
    commitDemoFromAnotherConnection(path, 50, 99, { ext: 'png' });
    expect(svc.get(q('ext:png'), PANEL, 10).total).toBe(before + 50);
    expect(await svc.storeReady()).toBe(true);
    const rebuilt = svc.get(q('ext:png'), PANEL, 10);
    expect(rebuilt.total).toBe(before + 50);
    expect(rebuilt.facets.map(({ ms: _, ...f }) => f)).toEqual(byScans('ext:png').facets.map(({ ms: _, ...f }) => f));
  });
});
