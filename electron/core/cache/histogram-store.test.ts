import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import { STANDARD_HISTOGRAM_IDS } from '../../../shared/stats';
import { importDemo } from '../demo/import-demo';
import { commitDemoFromAnotherConnection } from '../../../test-support/commit-demo';
import { FacetService } from './facet-service';
import { histogram } from './histograms';
import { openCache, type Db } from './open-cache';

let dir: string;
let db: Db;
const q = (text: string) => querySchema.parse({ text });
const QUERIES = [
  '',
  'tag:review',
  'tag:review width:>1000',
  'street',
  'size:<100000',
  'labels:0',
  '-tag:split-note',
  'dataset:train OR ext:png',
  'author:*a* created:2024',
  'name:nothing-is-called-this',
  'has:description -has:meta',
  // Records without a width, with a zero height, with a time-zone offset that moves the day.
  'ext:tiff',
  'ext:webp',
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-histogram-store-'));
  const path = join(dir, 'c.sqlite');
  db = openCache(path);
  await importDemo(db, 2000, 11);
  commitDemoFromAnotherConnection(path, 30, 5, { ext: 'tiff', width: null, created_at: '2024-03-04T23:30:00-05:00' });
  commitDemoFromAnotherConnection(path, 1, 6, { ext: 'webp', height: 0, size: 123, updated_at: 'soon' });
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('histograms from the facet store', () => {
  it('are exactly the SQL histograms, for every standard histogram and query', async () => {
    const svc = new FacetService(db, undefined, undefined, undefined, undefined, true);
    expect(await svc.storeReady()).toBe(true);
    let binned = 0;
    let log = 0;
    for (const text of QUERIES) {
      const fromStore = svc.histograms(q(text), STANDARD_HISTOGRAM_IDS);
      expect(fromStore, text).not.toBeNull();
      expect(fromStore, text).toEqual(STANDARD_HISTOGRAM_IDS.map((id) => histogram(db, q(text), id)));
      binned += fromStore?.filter((h) => h.bins.length > 1).length ?? 0;
      log += fromStore?.filter((h) => h.scale === 'log').length ?? 0;
    }
    expect(binned).toBeGreaterThan(60);
    expect(log).toBeGreaterThan(3);
  });

  it('are not answered by a store older than the cache', async () => {
    const svc = new FacetService(db, undefined, undefined, undefined, undefined, true);
    expect(await svc.storeReady()).toBe(true);
    commitDemoFromAnotherConnection(join(dir, 'c.sqlite'), 5, 7, { ext: 'gif' });
    expect(svc.histograms(q('ext:gif'), ['width'])).toBeNull();
    expect(await svc.storeReady()).toBe(true);
    expect(svc.histograms(q('ext:gif'), ['width'])).toEqual([histogram(db, q('ext:gif'), 'width')]);
  });
});
