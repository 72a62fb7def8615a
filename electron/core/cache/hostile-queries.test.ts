import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../../shared/image-info';
import { MAX_QUERY_TERMS, querySchema, type Clause, type Filter } from '../../../shared/query';
import { parseQueryText } from '../../../shared/query-language';
import { referenceMatches, type RefRecord } from '../../../test-support/reference-filter';
import { importDemo } from '../demo/import-demo';
import { compileQuery } from './compile-query';
import { countMatches } from './image-query';
import { ImageViews } from './image-views';
import { ImageWriter } from './image-writer';
import { openCache, type Db } from './open-cache';
import { TagNames } from './tag-names';

let db: Db;
let views: ImageViews;
const q = (text: string) => querySchema.parse({ text });
const ids = (text: string): Set<number> => {
  const { where, params } = compileQuery(q(text));
  return new Set(db.prepare(`SELECT i.row_id FROM images i ${where}`).pluck().all(...params) as number[]);
};
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

const UNICODE_NAMES: [number, string][] = [
  [900_001, 'Cafe\u0301 au lait.jpg'],
  [900_002, 'İstanbul harbour.jpg'],
  [900_003, 'ΟΔΟΣ.png'],
];

beforeAll(async () => {
  db = openCache(join(mkdtempSync(join(tmpdir(), 'loupe-hostile-')), 'c.sqlite'));
  await importDemo(db, 3000, 5);
  db.transaction(() => {
    const sourceId = db.prepare('SELECT min(id) FROM sources').pluck().get() as number;
    const writer = new ImageWriter(db, sourceId, '2026-01-01T00:00:00Z', new Map(), { bulk: false });
    for (const [id, name] of UNICODE_NAMES) writer.write({ id, name, description: name, meta: {}, tags: [] } as unknown as ImageInfo);
    writer.finish();
  })();
  views = new ImageViews(db, new TagNames(db));
});

describe('many negated terms', () => {
  it('compile to one NOT IN over one union, one full-text MATCH per index, and answer exactly', () => {
    const words = db.prepare('SELECT DISTINCT substr(name, 1 + row_id % 7, 6) FROM images LIMIT 200').pluck().all() as string[];
    expect(words.length).toBeGreaterThan(50);
    const tags = ['review', 'blurry', 'night', 'rain', 'nope'];
    const terms = [...words.map((w) => `-${JSON.stringify(w)}`), ...tags.map((t) => `-tag:${t}`), '-street', '-street'];
    const text = terms.join(' ');
    const compiled = compileQuery(q(text));
    expect(compiled.where.match(/NOT coalesce/g)).toHaveLength(1);
    expect(compiled.where.match(/name_fts MATCH/g)).toHaveLength(1);
    expect(compiled.where.match(/word_fts MATCH/g)).toHaveLength(1);
    const excluded = new Set<number>();
    for (const t of [...words.map((w) => JSON.stringify(w)), ...tags.map((t) => `tag:${t}`), 'street']) for (const id of ids(t)) excluded.add(id);
    const all = db.prepare('SELECT count(*) FROM images').pluck().get() as number;
    expect(excluded.size).toBeGreaterThan(100);
    expect(views.open(q(text)).total).toBe(all - excluded.size);
    expect(countMatches(db, q(text))).toBe(all - excluded.size);
  });

  it(`are capped at ${MAX_QUERY_TERMS} terms with INVALID_INPUT on every path, chips and text alike`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `-w${i}`).join(' ');
    expect(views.open(q(many(MAX_QUERY_TERMS))).total).toBe(countMatches(db, q(many(MAX_QUERY_TERMS))));
    for (const text of [many(MAX_QUERY_TERMS + 1), many(501), Array(1000).fill('-a').join(' '), Array(600).fill('x').join(' ')]) {
      expect(code(() => views.open(q(text))), text.slice(0, 20)).toBe('INVALID_INPUT');
      expect(code(() => countMatches(db, q(text))), text.slice(0, 20)).toBe('INVALID_INPUT');
    }
    // Chips and text together count as one query.
    const group = { type: 'group' as const, op: 'and' as const, children: parseQueryText(many(100)).children, negated: false, enabled: true };
    const filter = querySchema.parse({ filter: { op: 'and', children: [group, group] } }).filter;
    expect(code(() => compileQuery(querySchema.parse({ text: many(100), filter })))).toBe('INVALID_INPUT');
  });
});

describe('numbers that overflow', () => {
  it('are refused naming the token, by the parser, the compiler and the reference filter', () => {
    for (const text of ['width:<1e400', 'width:[0 TO 1e400]', 'size:-1e999']) {
      expect(() => parseQueryText(text)).toThrow(/too large a number/);
      expect(() => parseQueryText(text)).toThrow(new RegExp(text.replace(/[[\]]/g, '\\$&').split(' ')[0] as string));
    }
    const chip: Clause = { type: 'clause', field: 'width', op: 'lt', value: '1e400', negated: false, enabled: true };
    const filter: Filter = { op: 'and', children: [chip] };
    expect(code(() => compileQuery(querySchema.parse({ filter })))).toBe('INVALID_INPUT');
    const rec: RefRecord = { row_id: 1, source: { id: 1, label: 's', uri: 'u' }, fields: { width: 10 }, dataset_path: null, tags: [], meta: {} };
    expect(() => referenceMatches(filter, rec, { duplicateHashes: new Set() })).toThrow(/finite/);
    // Meta values compare as text when they are not finite numbers, on both sides alike.
    expect(countMatches(db, q('meta.x:1e400'))).toBe(0);
  });
});

describe('Unicode in names and search text', () => {
  it('finds a name whatever its normalisation and case, the dotted I and the final sigma included', () => {
    const [cafe, istanbul, odos] = UNICODE_NAMES.map(([id]) => db.prepare('SELECT row_id FROM images WHERE id = ?').pluck().get(id) as number);
    for (const text of ['café', 'cafe\u0301', 'CAFÉ', '"café au"']) expect([...ids(text)], text).toEqual([cafe]);
    for (const text of ['istanbul', 'İSTANBUL', 'Istanbul', 'is']) expect([...ids(text)], text).toContain(istanbul);
    for (const text of ['οδος', 'ΟΔΟΣ', 'οδοσ']) expect([...ids(text)], text).toEqual([odos]);
  });
});
