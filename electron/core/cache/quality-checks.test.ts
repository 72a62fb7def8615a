import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { querySchema } from '../../../shared/query';
import { CHECK_IDS, type CheckId } from '../../../shared/quality-checks';
import { useTempDir } from '../../../test-support/temp-dir';
import { CLEAN_RECORDS, EXPECTED, QUALITY_RECORDS, writeQualityDump } from '../../../test-support/quality-fixture';
import { importFile } from '../import/import-file';
import { compileQuery } from './compile-query';
import { logExport } from './export-log';
import { openCache, type Db } from './open-cache';
import { checkFindings, checkSummary } from './quality-checks';
import { exportManifestSchema, exportRequestSchema } from '../../../shared/export';
import { manifestPathFor, runExport } from '../export/run-export';
import { testCore } from '../../../test-support/core-fixture';

const dir = useTempDir();
const q = (text = '') => querySchema.parse({ text });

async function cacheOf(records: readonly object[]): Promise<Db> {
  const db = openCache(join(dir(), 'c.sqlite'));
  await importFile(db, writeQualityDump(dir(), 'dump', records));
  return db;
}

/** The ids `is:CHECK` (AND `extra`) finds through the query compiler, as a view would. */
function viewIds(db: Db, check: CheckId, extra = ''): number[] {
  const { where, params } = compileQuery(q(`is:${check} ${extra}`));
  return db.prepare(`SELECT i.id FROM images i ${where} ORDER BY i.id`).pluck().all(...params) as number[];
}

const findingIds = (db: Db, check: CheckId, text = '') =>
  [...checkFindings(db, q(text), [check])].map((f) => f.id).sort((a, b) => a - b);

describe('quality checks', () => {
  it('find exactly the hand-made offenders of each check, as findings, as counts and as is: views', async () => {
    const db = await cacheOf(QUALITY_RECORDS);
    const summary = checkSummary(db, q());
    for (const [check, ids] of Object.entries(EXPECTED) as [CheckId, number[]][]) {
      expect(findingIds(db, check), check).toEqual(ids);
      expect(viewIds(db, check), check).toEqual(ids);
      expect(summary[check], check).toBe(ids.length);
    }
    expect(summary['changed-since-export']).toBe(0);
    expect(Object.keys(summary)).toEqual(CHECK_IDS);
    db.close();
  });

  it('say why, per finding, with the record’s name and dataset', async () => {
    const db = await cacheOf(QUALITY_RECORDS);
    const all = [...checkFindings(db, q())];
    const one = (check: CheckId, id: number) => all.find((f) => f.check === check && f.id === id);
    expect(one('mixed-meta', 7)).toEqual({
      check: 'mixed-meta',
      id: 7,
      name: 'f.jpg',
      dataset: 'val',
      detail: 'meta "lens" is a string here, a number in most records (3 numbers, 1 strings, 0 booleans)',
    });
    expect(one('missing-size', 6)?.detail).toBe('no size');
    expect(one('mime-mismatch', 4)?.detail).toBe('mime image/jpeg, but the extension .png means image/png');
    expect(one('unknown-tag', 7)?.detail).toBe('tag "tag #99" has no tag meta in its project');
    expect(one('unlabelled', 5)?.detail).toBe('no labels, while 4 of 5 images in this dataset have some');
    expect(one('duplicate', 2)?.detail).toBe('hash H1 is shared by 2 records');
    db.close();
  });

  it('count only the records the query matches', async () => {
    const db = await cacheOf(QUALITY_RECORDS);
    const s = checkSummary(db, q('dataset:val'));
    expect(s).toMatchObject({ duplicate: 1, 'duplicate-name': 0, 'missing-size': 1, unlabelled: 0, 'mixed-meta': 1 });
    expect(findingIds(db, 'duplicate', 'dataset:val')).toEqual([2]);
    expect(viewIds(db, 'missing-size', '-dataset:val')).toEqual([5]);
    db.close();
  });

  it('find nothing in clean records', async () => {
    const db = await cacheOf(CLEAN_RECORDS);
    expect(Object.values(checkSummary(db, q()))).toEqual(CHECK_IDS.map(() => 0));
    expect([...checkFindings(db, q())]).toEqual([]);
    db.close();
  });

  it('changed since the last export: what completed sync passes added or updated after it, nothing before any export', async () => {
    const db = await cacheOf(QUALITY_RECORDS);
    const source = db.prepare('SELECT id FROM sources').pluck().get() as number;
    const pass = (finished: string, state: string, changes: [number, string][]) => {
      const id = db
        .prepare(
          `INSERT INTO sync_passes (source_id, project_id, kind, started_at, finished_at, state)
           VALUES (?, 1, 'incremental', ?, ?, ?)`,
        )
        .run(source, finished, finished, state).lastInsertRowid;
      for (const [image, change] of changes) {
        db.prepare("INSERT INTO sync_changes (pass_id, image_id, change, name) VALUES (?, ?, ?, 'x')").run(id, image, change);
      }
    };
    pass('2026-01-01T00:00:00.000Z', 'complete', [[3, 'updated']]);
    expect(checkSummary(db, q())['changed-since-export']).toBe(0);
    logExport(db, { finishedAt: '2026-02-01T00:00:00.000Z', file: 'x.csv', format: 'csv', rows: 8 });
    pass('2026-03-01T00:00:00.000Z', 'complete', [
      [2, 'added'],
      [4, 'updated'],
      [9, 'deleted'],
    ]);
    pass('2026-03-02T00:00:00.000Z', 'abandoned', [[5, 'updated']]);
    pass('2026-03-03T00:00:00.000Z', 'complete', [[4, 'updated']]);
    expect(findingIds(db, 'changed-since-export')).toEqual([2, 4]);
    expect(viewIds(db, 'changed-since-export')).toEqual([2, 4]);
    logExport(db, { finishedAt: '2026-04-01T00:00:00.000Z', file: 'y.csv', format: 'csv', rows: 8 });
    expect(viewIds(db, 'changed-since-export')).toEqual([]);
    db.close();
  });
});

describe('quality checks in exports and on the readers', () => {
  it('go into the export manifest, counted over the exported records, and the export is logged', async () => {
    const db = await cacheOf(QUALITY_RECORDS);
    const dest = join(dir(), 'val.csv');
    const request = exportRequestSchema.parse({ query: { text: 'dataset:val' }, format: 'csv' });
    await runExport(db, { request, dest, appVersion: '1' });
    const manifest = exportManifestSchema.parse(JSON.parse(readFileSync(manifestPathFor(dest), 'utf8')));
    expect(manifest.checks).toEqual(checkSummary(db, q('dataset:val')));
    expect(manifest.checks).toMatchObject({ duplicate: 1, 'missing-size': 1, 'dates-reversed': 1, 'mixed-meta': 1, unlabelled: 0 });
    expect(db.prepare('SELECT file, format, rows FROM export_log').all()).toEqual([{ file: dest, format: 'csv', rows: 3 }]);
    db.close();
  });

  it('are counted on a reader thread by checks:summary, and counted again once the cache changes', async () => {
    const d = dir();
    const { core } = testCore(d);
    try {
      const first = await core.handlers['checks:summary']({ query: q() });
      expect(Object.values(first)).toEqual(CHECK_IDS.map(() => 0));
      // Another connection writes (as an import job does): the reader sees new counts.
      const writer = openCache(join(d, 'cache.sqlite'));
      await importFile(writer, writeQualityDump(d, 'dump', QUALITY_RECORDS));
      writer.close();
      const after = await core.handlers['checks:summary']({ query: q('dataset:train') });
      expect(after).toMatchObject({ 'duplicate-name': 2, unlabelled: 1, 'mime-mismatch': 1, 'mixed-meta': 0 });
      expect(await core.handlers['checks:summary']({ query: q() })).toMatchObject({ duplicate: 2, 'mixed-meta': 1 });
    } finally {
      await core.close();
    }
  });
});
