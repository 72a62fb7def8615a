import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { ImageInfo } from '../../../shared/image-info';
import { querySchema, type Filter } from '../../../shared/query';
import { formatFilter } from '../../../shared/query-language';
import { filterArb, hostileString, HOSTILE, negationsArb, type ClauseVocabulary } from '../../../test-support/query-arbitraries';
import { referenceMatches, type RefRecord } from '../../../test-support/reference-filter';
import { openCache, type Db } from './open-cache';
import { compileQuery } from './compile-query';
import { ImageWriter } from './image-writer';
import { resolveTagName } from './search-rows';
import { FacetStore } from './facet-store';

const TAG_METAS: [number, string][] = [
  [1, 'review'],
  [2, 'blurry'],
  [3, 'weather'],
  [4, 'é Σ "x"'],
  [5, "'; DROP TABLE images; --"],
  [6, 'a*b?'],
];
const DATASETS: [number, string][] = [
  [10, 'train'],
  [11, 'train/city'],
  [12, 'train/city night'],
  [13, 'val'],
  [14, 'tr*in/[x]'],
  [15, '東京/é'],
];
const META_KEYS = ['camera', 'exposure_ms', 'gps.lat', 'a b', 'Ünï', "k'ey", 'x.y.z', 'night', 'list'];
const ISO = ['2023-01-09T08:00:00.000Z', '2024-01-01T00:00:00Z', '2024-01-31T23:59:59.999Z', '2024-02-01', '2024-02-01T10:00:00Z', '2025-10-31T18:00:00.000Z'];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const corpusString = fc.oneof(hostileString(3), pick(HOSTILE), pick(['IMG_0001.jpg', 'frame_0000012.png', 'cam 07', 'São Paulo street 4.jpg', 'Cafe\u0301.jpg', 'İstanbul.jpg', 'ΟΔΟΣ 4']));
const scalar = fc.oneof(
  corpusString,
  fc.integer({ min: -10, max: 5000 }),
  fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const recordArb = (id: number): fc.Arbitrary<ImageInfo> =>
  fc
    .record({
      name: corpusString.filter((s) => s.length > 0),
      description: fc.option(corpusString, { nil: null }),
      hash: fc.option(pick(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8']), { nil: null }),
      link: fc.option(fc.oneof(fc.constant(''), corpusString), { nil: null }),
      mime: fc.option(pick(['image/jpeg', 'image/png', 'image/webp']), { nil: null }),
      ext: fc.option(fc.oneof(pick(['jpeg', 'png', 'webp']), corpusString), { nil: null }),
      size: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
      width: fc.option(pick([640, 800, 1000, 1001, 1920, 3840]), { nil: null }),
      height: fc.option(pick([480, 600, 1080, 2160]), { nil: null }),
      labels_count: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
      dataset_id: fc.option(pick(DATASETS.map(([d]) => d)), { nil: null }),
      created_at: fc.option(pick(ISO), { nil: null }),
      updated_at: fc.option(pick(ISO), { nil: null }),
      created_by: fc.option(fc.oneof(pick(['alice', 'bogdan', 'Ünï', '42']), fc.constant(42), corpusString), { nil: null }),
      meta: fc.dictionary(
        fc.oneof(pick(META_KEYS), hostileString(1)),
        fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(pick(['lat', 'z', 'y']), scalar, { maxKeys: 2 })),
        { maxKeys: 4 },
      ),
      tags: fc.array(
        fc.record({
          tagId: pick(TAG_METAS.map(([t]) => t)),
          name: fc.option(corpusString.filter((s) => s !== ''), { nil: undefined }),
          value: fc.oneof(fc.constant(null), pick(['rain', 'sunny', '7', 'a b']), fc.integer({ min: 0, max: 10 })),
        }),
        { maxLength: 3 },
      ),
    })
    .map((r) => {
      const tags = r.tags.map((t) => (t.name === undefined ? { tagId: t.tagId, value: t.value } : t));
      return { id, ...r, tags } as ImageInfo;
    });

const CORPUS = 240;
let dir: string;
let incremental: Db;
let bulk: Db;
let records: RefRecord[];
let duplicateHashes: Set<string>;

function load(db: Db, infos: ImageInfo[], isBulk: boolean): void {
  db.transaction(() => {
    db.prepare("INSERT OR IGNORE INTO sources (id, kind, uri, label, created_at) VALUES (1, 'file', '/data/a b.jsonl', 'Demo \"data\"', 'now')").run();
    for (const [id, name] of TAG_METAS) db.prepare('INSERT OR IGNORE INTO tag_metas (source_id, id, name) VALUES (1, ?, ?)').run(id, name);
    const writer = new ImageWriter(db, 1, '2026-01-01T00:00:00Z', new Map(DATASETS), { bulk: isBulk });
    for (const info of infos) writer.write(info);
    writer.finish();
  })();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-compile-'));
  const sample = (n: number, seed: number) =>
    fc.sample(fc.tuple(...Array.from({ length: n }, (_, i) => recordArb(i + 1))), { numRuns: 1, seed })[0] as ImageInfo[];
  const first = sample(CORPUS, 20261124);
  // A second load rewrites 60 records (newer updated_at): derived rows must be replaced, not added.
  const rewrites = sample(60, 7).map((r) => ({ ...r, updated_at: '2026-06-01T00:00:00Z' }));
  const infos = first.map((r) => rewrites.find((w) => w.id === r.id) ?? r);
  incremental = openCache(join(dir, 'incremental.sqlite'));
  bulk = openCache(join(dir, 'bulk.sqlite'));
  for (const [db, isBulk] of [[incremental, false], [bulk, true]] as const) {
    load(db, first.map((r) => ({ ...r, updated_at: r.updated_at ?? '2020-01-01T00:00:00Z' })), isBulk);
    load(db, rewrites, isBulk);
  }
  const metas = new Map(TAG_METAS);
  const paths = new Map(DATASETS);
  records = infos.map((info, i) => ({
    row_id: i + 1,
    source: { id: 1, label: 'Demo "data"', uri: '/data/a b.jsonl' },
    fields: { ...info, updated_at: info.updated_at ?? '2020-01-01T00:00:00Z', ext: info.ext ?? (info.mime ? info.mime.slice(6) : null) } as Record<string, unknown>,
    dataset_path: info.dataset_id == null ? null : (paths.get(info.dataset_id) ?? null),
    tags: (info.tags ?? []).map((t) => ({ name: resolveTagName(metas, t), value: t.value ?? null })),
    meta: info.meta,
  }));
  const counts = new Map<string, number>();
  for (const info of infos) if (info.hash) counts.set(info.hash, (counts.get(info.hash) ?? 0) + 1);
  duplicateHashes = new Set([...counts].filter(([, n]) => n > 1).map(([h]) => h));
});

let store: FacetStore;
beforeAll(async () => {
  store = (await FacetStore.build(incremental, [], async () => {}, () => false)) as FacetStore;
});

afterAll(() => {
  incremental?.close();
  bulk?.close();
  rmSync(dir, { recursive: true, force: true });
});

function sqlIds(db: Db, filter: Filter): number[] {
  const { where, params } = compileQuery(querySchema.parse({ filter }));
  return db.prepare(`SELECT i.row_id FROM images i ${where} ORDER BY i.row_id`).pluck().all(...params) as number[];
}

function refIds(filter: Filter): number[] {
  return records.filter((r) => referenceMatches(filter, r, { duplicateHashes })).map((r) => r.row_id);
}

/** Values the corpus holds (so filters match something) mixed with hostile ones. */
function vocabulary(): ClauseVocabulary {
  const names = records.map((r) => String(r.fields.name));
  const fragments = names.flatMap((n) => {
    const cps = [...n];
    return [cps.slice(0, 1).join(''), cps.slice(0, 2).join(''), cps.slice(1, 4).join(''), n];
  });
  const strings = records.flatMap((r) => ['description', 'ext', 'link', 'hash', 'mime'].map((k) => r.fields[k])).filter((v): v is string => typeof v === 'string');
  const globbed = (xs: string[]) => fc.oneof(pick(xs), pick(xs).map((s) => `${[...s].slice(0, 2).join('').replace(/[*?\\]/g, '\\$&')}*`));
  const metaValues = records.flatMap((r) => Object.values((r.meta ?? {}) as Record<string, unknown>)).filter((v) => typeof v !== 'object').map(String);
  return {
    text: fc.oneof(pick(fragments), hostileString(2), pick(['cam', '07', 'review', 'sunny', 'é', 'café', 'CAFE\u0301', 'istanbul', 'İSTANBUL', 'οδος'])),
    string: fc.oneof(globbed(strings), hostileString(2)),
    number: fc.oneof(pick(['0', '640', '1000', '1001', '1920', '5', '-1', '2500000', '.5', '1e3']), fc.integer({ min: 0, max: 5000 }).map(String)),
    date: fc.oneof(pick(['2023', '2024', '2024-01', '2024-01-31', '2024-02-01', '2024-02-01T10', '2025-10-31T18:00:00.000Z', '']), hostileString(1)),
    tagName: fc.oneof(globbed(TAG_METAS.map(([, n]) => n)), pick(records.flatMap((r) => r.tags.map((t) => t.name)))),
    tagValue: fc.oneof(pick(['rain', 'sunny', '7', 'a b', '3', 'r*']), hostileString(1)),
    metaKey: fc.oneof(pick(META_KEYS), pick(['gps.z', 'gps.y', 'list'])),
    metaValue: fc.oneof(pick(metaValues.length ? metaValues : ['x']), pick(['true', 'false', '0', '50', '-3.5', 'cam 07', 'a*', '1e400']), hostileString(1)),
    dataset: fc.oneof(pick(DATASETS.map(([, p]) => p)), pick(['train/*', 'tr\\*in/*', 'train/c?ty', '*night', '東京'])),
    source: pick(['Demo "data"', 'Demo*', '/data/*', '1', '2', 'nope']),
  };
}

describe('compileQuery', () => {
  it('stores the same derived rows by the bulk rebuild and by row-by-row indexing', () => {
    for (const t of ['image_tags', 'meta_values']) {
      const q = `SELECT row_id, * FROM ${t} ORDER BY 1, 2, 3, 4`;
      expect(bulk.prepare(q).all(), t).toEqual(incremental.prepare(q).all());
    }
    const cat = 'SELECT * FROM meta_keys ORDER BY key';
    expect(bulk.prepare(cat).all()).toEqual(incremental.prepare(cat).all());
    expect(bulk.prepare('SELECT * FROM dup_hashes').all()).toEqual(incremental.prepare('SELECT * FROM dup_hashes').all());
  });

  it('finds exactly what the plain-JS reference finds, hostile strings included (property)', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(filterArb(vocabulary()), (filter) => {
        const expected = refIds(filter);
        if (expected.length > 0 && expected.length < CORPUS) nonEmpty++;
        const label = formatFilter(filter);
        expect(sqlIds(incremental, filter), label).toEqual(expected);
        expect(sqlIds(bulk, filter), label).toEqual(expected);
        // The count query (index-only when the filter allows) agrees too.
        const { count } = compileQuery(querySchema.parse({ filter }));
        expect(incremental.prepare(count.sql).pluck().get(...count.params), label).toBe(expected.length);
        // The facet store, which asks for the filter's pieces one by one and combines them itself, agrees too.
        const { cond } = compileQuery(querySchema.parse({ filter }));
        expect(store.rowIdsOf(store.matching(cond)), label).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
    // The property means little if every filter matched nothing or everything.
    expect(nonEmpty).toBeGreaterThan(300);
  });

  it('many negated terms, merged into one NOT IN, still find what the reference finds (property)', () => {
    fc.assert(
      fc.property(negationsArb(vocabulary()), (filter) => {
        const label = formatFilter(filter);
        expect(sqlIds(incremental, filter), label).toEqual(refIds(filter));
      }),
      { numRuns: 150 },
    );
  });

  it('binds every value: hostile text never reaches the SQL', () => {
    const hostile = `'; DROP TABLE images; -- " OR 1=1`;
    const { where, params } = compileQuery(
      querySchema.parse({ text: `${JSON.stringify(hostile)} name:${JSON.stringify(hostile)} meta.${JSON.stringify(hostile)}:x tag:${JSON.stringify(hostile)}` }),
    );
    expect(where).not.toContain('DROP');
    expect(params).toContain(hostile);
  });
});
