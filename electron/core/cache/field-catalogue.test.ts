import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CatalogueEntry } from '../../../shared/field-entry';
import { FIELD_LISTS } from '../../../shared/field-lists';
import { useTempDir } from '../../../test-support/temp-dir';
import { importDemo } from '../demo/import-demo';
import { openCache, type Db } from './open-cache';
import { FOCAL_FIELD } from '../../../test-support/focal-field';

const dir = useTempDir();
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function cache(): Db {
  const db = openCache(join(dir(), 'cache.sqlite'));
  dbs.push(db);
  return db;
}

/**
 * The migrations keep their literal SQL (they are history); this holds the schema they build
 * to the catalogue, so a field added to one and not the other fails here.
 */
describe('the latest schema and the field catalogue', () => {
  it('has exactly the catalogue’s columns in `images` and `image_docs`, with their types, NOT NULL and defaults', () => {
    const db = cache();
    const columnsOf = (table: string) =>
      (
        db.prepare(`PRAGMA table_info(${table})`).all() as {
          name: string;
          type: string;
          notnull: number;
          dflt_value: string | null;
          pk: number;
        }[]
      ).map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.notnull === 1 || c.pk === 1,
        empty: c.dflt_value === null ? null : c.dflt_value.replace(/^'|'$/g, ''),
      }));
    // row_id is the key of both tables (`image_docs` by the record's row id).
    const rowId = { name: 'row_id', type: 'INTEGER' as const, notNull: true, empty: null };
    const expected = (doc: boolean) =>
      FIELD_LISTS.schemaColumns
        .filter((c) => c.doc === doc && c.name !== 'row_id')
        .map(({ doc: _doc, ...c }) => c)
        .concat([rowId]);
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(columnsOf('images').sort(byName)).toEqual(expected(false).sort(byName));
    expect(columnsOf('image_docs').sort(byName)).toEqual(expected(true).sort(byName));
  });

  it('has a browse index for every sortable table column, on the columns the catalogue names', () => {
    const db = cache();
    const sql = db
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'images' AND sql IS NOT NULL",
      )
      .all() as { name: string; sql: string }[];
    const onColumns = new Map(sql.map((i) => [i.name, /ON images \((.*)\)$/.exec(i.sql)?.[1]]));
    const sortable = FIELD_LISTS.tableColumns.filter((c) => c.sortSql);
    expect(FIELD_LISTS.sortIndexes.map((i) => i.key)).toEqual(sortable.map((c) => c.key));
    for (const c of sortable) {
      const index = FIELD_LISTS.sortIndexes.find((i) => i.key === c.key);
      expect(onColumns.get(index?.name ?? '')).toBe(index?.columns);
      // The index holds the sort's own order, so ORDER BY walks it instead of sorting.
      expect(c.sortSql?.map((e) => e.replace(/\bi\./g, '')).join(', ')).toBe(index?.columns);
    }
  });
});

describe('a field added to the catalogue', () => {
  afterEach(() => {
    vi.doUnmock('../../../shared/field-catalogue');
    vi.resetModules();
  });

  it('is known to the query language, sort, export and the detail panel', async () => {
    const db = cache();
    await importDemo(db, 300, 5);
    // What the migration that brings the field would do.
    db.exec('ALTER TABLE images ADD COLUMN focal_length INTEGER');
    db.exec('UPDATE images SET focal_length = (id * 7) % 120');

    vi.resetModules();
    vi.doMock('../../../shared/field-catalogue', async (importOriginal) => {
      const real = await importOriginal<{ FIELD_CATALOGUE: readonly CatalogueEntry[] }>();
      return { ...real, FIELD_CATALOGUE: [...real.FIELD_CATALOGUE, FOCAL_FIELD] };
    });
    const { querySchema } = await import('../../../shared/query');
    const { parseQueryText } = await import('../../../shared/query-language');
    const { exportRequestSchema } = await import('../../../shared/export');
    const { createBrowseIndexes } = await import('./browse-indexes');
    const { compileOrder } = await import('./compile-query');
    const { countMatches, iterateMatches } = await import('./image-query');
    const { runExport } = await import('../export/run-export');
    const { FIELD_LISTS: lists } = await import('../../../shared/field-lists');
    const { getImageDetail } = await import('./image-store');
    const { TagNames } = await import('./tag-names');

    // The query language: its name, its SDK and camelCase aliases, compiled to the column.
    expect(parseQueryText('focalLength:>=100').children[0]).toMatchObject({
      field: 'focal',
      op: 'gte',
      value: '100',
    });
    const wide = db
      .prepare('SELECT count(*) FROM images WHERE focal_length >= 100')
      .pluck()
      .get() as number;
    expect(wide).toBeGreaterThan(0);
    expect(countMatches(db, querySchema.parse({ text: 'focal:>=100' }))).toBe(wide);
    expect(countMatches(db, querySchema.parse({ text: '-focal_length:>=100' }))).toBe(300 - wide);

    // Sort: by its browse index, in its order.
    createBrowseIndexes(db);
    const sort = [{ key: 'focal_length', dir: 'desc' }];
    const orderBy = compileOrder(querySchema.parse({ text: '', sort }));
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT i.row_id FROM images i ${orderBy}`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('images_focal');
    const [first] = [...iterateMatches(db, querySchema.parse({ text: '', sort }), 1)];
    const top = db
      .prepare('SELECT id FROM images ORDER BY focal_length DESC, row_id DESC LIMIT 1')
      .pluck()
      .get();
    expect(first?.id).toBe(top);

    // Export: a column of its own, typed as an integer.
    const dest = join(dir(), 'focal.csv');
    const request = exportRequestSchema.parse({
      query: { text: 'focal:>=100', sort: [{ key: 'id', dir: 'asc' }] },
      format: 'csv',
      columns: ['id', 'focal_length'],
    });
    await runExport(db, { request, dest, appVersion: '0.0.0' });
    const rows = parse(readFileSync(dest, 'utf8'), { columns: true }) as {
      id: string;
      focal_length: string;
    }[];
    expect(rows).toHaveLength(wide);
    const stored = db
      .prepare('SELECT id, focal_length FROM images WHERE focal_length >= 100 ORDER BY id')
      .all();
    expect(rows.map((r) => ({ id: Number(r.id), focal_length: Number(r.focal_length) }))).toEqual(
      stored,
    );

    // The detail panel: the record's value, in the group and place the catalogue gives it
    // (renderer/src/detail-fields.test.ts reads the same groups).
    const row = db
      .prepare('SELECT row_id, focal_length FROM images WHERE focal_length > 0 LIMIT 1')
      .get() as {
      row_id: number;
      focal_length: number;
    };
    const detail = getImageDetail(db, new TagNames(db), row.row_id);
    expect((detail.info as Record<string, unknown>).focal_length).toBe(row.focal_length);
    expect(detail.raw.focalLength).toBe(row.focal_length);
    const image = lists.detailGroups.find((g) => g.title === 'Image');
    expect(image?.fields.at(-1)).toEqual(['focal_length', 'Focal length', 'count']);
  });
});
