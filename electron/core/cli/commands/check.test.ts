import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../../../shared/quality-checks';
import { cli } from '../../../../test-support/cli-run';
import { CLEAN_RECORDS, EXPECTED, QUALITY_RECORDS, writeQualityDump } from '../../../../test-support/quality-fixture';
import { useTempDir } from '../../../../test-support/temp-dir';

const dir = useTempDir();

async function cacheOf(records: readonly object[], name = 'dump'): Promise<string> {
  const cache = join(dir(), `${name}.sqlite`);
  expect((await cli('--cache', cache, 'import', writeQualityDump(dir(), name, records))).code).toBe(0);
  return cache;
}

const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('loupe check', () => {
  it('prints one JSON line per finding and a summary last, and exits 3 when it found something', async () => {
    const cache = await cacheOf(QUALITY_RECORDS);
    const run = await cli('--cache', cache, 'check');
    expect(run.err).toBe('');
    expect(run.code).toBe(3);
    const out = lines(run.out);
    const summary = out.pop();
    for (const f of out) expect(Object.keys(f)).toEqual(['check', 'id', 'name', 'dataset', 'detail']);
    const expected = Object.fromEntries(CHECK_IDS.map((id) => [id, id in EXPECTED ? EXPECTED[id as keyof typeof EXPECTED].length : 0]));
    expect(summary).toEqual({ summary: expected });
    for (const [check, ids] of Object.entries(EXPECTED)) {
      expect(out.filter((f) => f.check === check).map((f) => f.id).sort(), check).toEqual(ids);
    }
    expect(out).toContainEqual({ check: 'unlabelled', id: 5, name: 'd.jpg', dataset: 'train', detail: 'no labels, while 4 of 5 images in this dataset have some' });
  });

  it('checks only the records QUERY matches, and exits 0 with an all-zero summary when nothing is found', async () => {
    const cache = await cacheOf(QUALITY_RECORDS);
    const narrowed = await cli('--cache', cache, 'check', '--', 'dataset:train', '-is:missing-size', '-is:duplicate');
    const out = lines(narrowed.out);
    // train is 1, 3, 4, 5, 8; 5 has no width and 1 shares its hash.
    expect(out.slice(0, -1).map((f) => `${String(f.check)} ${String(f.id)}`)).toEqual(['duplicate-name 3', 'mime-mismatch 4']);
    expect(narrowed.code).toBe(3);

    const clean = await cli('--cache', await cacheOf(CLEAN_RECORDS, 'clean'), 'check');
    expect(clean.code).toBe(0);
    expect(lines(clean.out)).toEqual([{ summary: Object.fromEntries(CHECK_IDS.map((id) => [id, 0])) }]);
  });

  it('names a bad check in the query', async () => {
    const cache = await cacheOf(CLEAN_RECORDS);
    const bad = await cli('--cache', cache, 'check', 'is:dupliate');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^loupe: Query: is: takes duplicate, duplicate-name, .*did you mean "duplicate"/);
  });
});
