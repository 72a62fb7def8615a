import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import { cli } from '../../../test-support/cli-run';
import { QUALITY_RECORDS, writeQualityDump } from '../../../test-support/quality-fixture';
import { useTempDir } from '../../../test-support/temp-dir';
import { importFile } from '../import/import-file';
import { countMatches } from './image-query';
import { binOf, dateUnit, niceStep, numberLayout } from './histogram-bins';
import { histogram } from './histograms';
import { openCache, type Db } from './open-cache';

const dir = useTempDir();
const q = (text = '') => querySchema.parse({ text });

/** The hand-made records, with widths and dates changed where a test needs known bins. */
async function cache(): Promise<{ db: Db; file: string }> {
  const file = join(dir(), 'c.sqlite');
  const db = openCache(file);
  const records = QUALITY_RECORDS.map((r, k) => ({ ...r, width: [0, 100, 150, 199, 200, 1000, 640, 640][k] }));
  await importFile(db, writeQualityDump(dir(), 'dump', records));
  return { db, file };
}

describe('histograms', () => {
  it('bin numbers in nice steps, every record of the query in exactly one bin or missing', async () => {
    const { db } = await cache();
    const h = histogram(db, q(), 'width');
    expect(h.step).toBe(50);
    expect(h.bins[0]).toEqual({ lo: 0, hi: 50, count: 1 });
    expect(h.bins.filter((b) => b.count > 0).map((b) => [b.lo, b.count])).toEqual([[0, 1], [100, 1], [150, 2], [200, 1], [600, 2], [1000, 1]]);
    expect(h.bins.at(-1)).toEqual({ lo: 1000, hi: 1050, count: 1 });
    expect(h.bins.reduce((n, b) => n + b.count, 0) + h.missing).toBe(countMatches(db, q()));
    expect(h.field).toBe('width');
    // Under a query; size is missing on record 6 (val).
    const size = histogram(db, q('dataset:val'), 'size');
    expect(size.missing).toBe(1);
    expect(size.bins.reduce((n, b) => n + b.count, 0)).toBe(2);
    db.close();
  });

  it('bin dates by day, week or month by their span, and meta numbers with the rest missing', async () => {
    const { db } = await cache();
    const created = histogram(db, q(), 'created');
    // 2024-01-01 (7 records) to 2024-03-01: 60 days, so by day.
    expect(created.step).toBe('day');
    expect(created.bins[0]).toEqual({ lo: '2024-01-01', hi: '2024-01-02', count: 7 });
    expect(created.bins.at(-1)).toEqual({ lo: '2024-03-01', hi: '2024-03-02', count: 1 });
    expect(created.bins).toHaveLength(61);
    expect(histogram(db, q(), 'updated').step).toBe('day');
    const lens = histogram(db, q(), 'meta:lens');
    // 35, 50, 85 are numbers; "35mm" and the records without the key are missing.
    expect(lens.bins.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(lens.missing).toBe(5);
    expect(lens.field).toBe('meta.lens');
    expect(histogram(db, q('dataset:nothing'), 'labels')).toMatchObject({ bins: [], missing: 0 });
    db.close();
  });

  it('choose steps and calendar units', () => {
    expect(niceStep(1000, true)).toBe(50);
    // Log bins for values spanning three decades and more (file sizes with outliers), else even ones.
    const log = numberLayout(123, 9e6, true, true);
    expect(log).toMatchObject({ scale: 'log', edges: [100, 200, 500, 1000, 2000, 5000, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7] });
    expect([123, 199, 200, 4999, 9e6].map((x) => binOf(log, x))).toEqual([0, 0, 1, 4, 14]);
    const fromZero = numberLayout(0, 5e6, true, true);
    expect(fromZero.scale === 'log' && fromZero.edges.slice(0, 5)).toEqual([0, 1, 2, 5, 10]);
    expect(numberLayout(100, 5000, true, true)).toMatchObject({ scale: 'linear', step: 500 });
    expect(niceStep(3, true)).toBe(1);
    expect(niceStep(0.9, false)).toBe(0.05);
    expect(dateUnit('2024-01-01', '2024-03-03T00:00:00Z')).toBe('day');
    expect(dateUnit('2024-01-01', '2024-06-01')).toBe('week');
    expect(dateUnit('2020-01-01', '2024-06-01')).toBe('month');
  });

  it('loupe stats QUERY --histogram FIELD prints the bins as JSON and names a bad field', async () => {
    const { db, file } = await cache();
    const expected = histogram(db, q('dataset:train'), 'width');
    db.close();
    const run = await cli('--cache', file, 'stats', 'dataset:train', '--histogram', 'width');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toEqual(expected);
    expect(JSON.parse((await cli('--cache', file, 'stats', '--histogram', 'meta.lens')).out)).toMatchObject({ id: 'meta:lens' });
    const bad = await cli('--cache', file, 'stats', '--histogram', 'widht');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--histogram takes size, width, .* or meta.KEY, not "widht"/);
  });
});
