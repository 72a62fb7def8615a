import type { Statement } from 'better-sqlite3';
import type { Db } from './open-cache';
import { facetKey, type FacetSpec, type Key } from './facets';
import { renderWhere, isTrue, type Compare, type Cond } from './sql-parts';
import { prepared } from './statement-cache';
import { BROWSE_INDEXES } from './browse-indexes';
import { DATE_BIN } from './histograms';
import { binOf, dateBins, dateUnit, DATE_UNITS, emptyHistogram, histogramBase, numberBins, numberLayout } from './histogram-bins';
import { HISTOGRAMS, type Histogram, type StandardHistogramId } from '../../../shared/stats';

/**
 * An in-memory, dictionary-encoded copy of the values the facet panel counts, for counting
 * under a filter without a lookup per matching row: each record has a position; each column
 * facet keeps one small code per position (its bucket, date prefix or value, numbered in a
 * dictionary); tags and each meta key keep, per position, the run of value codes that record
 * has. Counting a facet for a set of positions is then one array walk.
 *
 * The matching positions come from SQLite with the compiled filter (the same SQL every view
 * and count uses, so the counts are exact by the same property test); the store only replaces
 * the per-row joins of counting.
 *
 * It is a snapshot at one PRAGMA data_version: the owner asks `current()` before each use and
 * builds a new store when the cache changed. Building reads one facet at a time from that
 * column's index (not the wide rows) and yields between them (`await step()`), so a reader
 * thread keeps answering while it builds; a commit seen during the build makes it start over,
 * since its parts would mix two snapshots.
 */

/** Builds started over while other connections keep committing, before giving up until asked again. */
const BUILD_ATTEMPTS = 5;
const BUILD_PAUSE_MS = 250;

type Dict = { codes: Map<Key, number>; keys: Key[] };
/** Values per position: `codes[position]`, or a run `codes[offsets[p]..offsets[p+1]]` for multi-valued sources. */
type Column = { dict: Dict; codes: Int32Array };
type Multi = { dict: Dict; offsets: Int32Array; codes: Int32Array };

/** The catalogue columns the histograms read, from their declaration (shared/stats.ts). */
const NUMBER_COLUMNS = [...new Set(HISTOGRAMS.flatMap((h) => (h.kind === 'number' && h.column ? [h.column] : [])))];
const DATE_COLUMNS = [...new Set(HISTOGRAMS.flatMap((h) => (h.kind === 'date' && h.column ? [h.column] : [])))];
type NumberColumn = (typeof NUMBER_COLUMNS)[number];
type DateColumn = (typeof DATE_COLUMNS)[number];
/**
 * A date column as its bin keys: per position a code (-1: no value) into `bins`, the key of
 * that value's day, week and month as SQLite's date functions read it (DATE_BIN), so the
 * store bins dates exactly as the SQL histograms do without keeping a million strings.
 */
type DateColumnStore = { codes: Int32Array; bins: (readonly (string | null)[])[] };

function newDict(): Dict {
  return { codes: new Map(), keys: [] };
}

function encode(d: Dict, k: Key): number {
  let c = d.codes.get(k);
  if (c === undefined) {
    c = d.keys.length;
    d.codes.set(k, c);
    d.keys.push(k);
  }
  return c;
}

/** A growable Int32Array. */
class Ints {
  a = new Int32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

export class FacetStore {
  private constructor(
    readonly dataVersion: number,
    /** position → row_id, ascending. */
    private readonly ids: Int32Array,
    /** row_id → position + 1 (0: no such record). */
    private readonly positionOf: Int32Array,
    readonly size: number,
    private readonly columns: Map<string, Column>,
    private readonly tags: Multi,
    /** Raw values per position, NaN where there is none (STRICT INTEGER columns: numbers or NULL). */
    private readonly numbers: Map<NumberColumn, Float64Array>,
    private readonly dates: Map<DateColumn, DateColumnStore>,
    private readonly db: Db,
  ) {}

  private readonly metas = new Map<string, Multi>();

  /** Whether the cache is still what the store holds. */
  current(): boolean {
    return this.db.open && this.db.pragma('data_version', { simple: true }) === this.dataVersion;
  }

  /**
   * Builds a store of the column facets in `columnSpecs` and the tags, with `step()` awaited
   * between the reads. Null when `abandon()`
   * says to stop (the owner cleared, the cache closed).
   */
  static async build(db: Db, columnSpecs: readonly FacetSpec[], step: () => Promise<void>, abandon: () => boolean): Promise<FacetStore | null> {
    for (let attempt = 0; attempt < BUILD_ATTEMPTS; attempt++) {
      // A sync commits every second or so: pause longer each time rather than rebuild without end.
      if (attempt > 0) await new Promise((r) => setTimeout(r, BUILD_PAUSE_MS * 2 ** attempt));
      const version = db.pragma('data_version', { simple: true }) as number;
      const built = await FacetStore.buildOnce(db, version, columnSpecs, step, abandon);
      if (built === 'abandoned') return null;
      if (built !== 'moved') return built;
    }
    return null;
  }

  private static async buildOnce(
    db: Db,
    version: number,
    specs: readonly FacetSpec[],
    step: () => Promise<void>,
    abandon: () => boolean,
  ): Promise<FacetStore | 'moved' | 'abandoned'> {
    const moved = () => db.pragma('data_version', { simple: true }) !== version;
    // Any index holds every row id: far fewer pages than the wide rows of the table.
    const ids = Int32Array.from(prepared(db, 'SELECT row_id FROM images', 'pluck').all() as number[]).sort();
    const positionOf = new Int32Array((ids.length ? (ids[ids.length - 1] as number) : 0) + 1);
    ids.forEach((id, p) => (positionOf[id] = p + 1));
    const at = (id: number) => (id < positionOf.length ? (positionOf[id] as number) - 1 : -1);
    const columns = new Map<string, Column>();
    for (const spec of specs) {
      await step();
      if (abandon()) return 'abandoned';
      if (moved()) return 'moved';
      // The column comes from the facet specs (an allow-list); ORDER BY it reads its index, not the rows.
      const col = (spec.source as { column: string }).column;
      const rows = prepared(db, `SELECT row_id, ${col} FROM images ORDER BY ${col}`, 'raw').iterate() as IterableIterator<[number, unknown]>;
      const dict = newDict();
      const codes = new Int32Array(ids.length);
      for (const [id, v] of rows) {
        const p = at(id);
        if (p >= 0) codes[p] = encode(dict, facetKey(spec, v));
      }
      columns.set(spec.id, { dict, codes });
    }
    await step();
    if (abandon()) return 'abandoned';
    const tags = multi(prepared(db, 'SELECT DISTINCT row_id, name FROM image_tags', 'raw'), [], ids.length, at);
    const numbers = new Map<NumberColumn, Float64Array>();
    // A column with its own index is read from it; the others together in one pass over the rows.
    const indexed = (col: string) => BROWSE_INDEXES.some((i) => i.columns === col);
    const groups = [...NUMBER_COLUMNS.filter(indexed).map((c) => [c]), NUMBER_COLUMNS.filter((c) => !indexed(c))].filter((g) => g.length);
    for (const group of groups) {
      await step();
      if (abandon()) return 'abandoned';
      if (moved()) return 'moved';
      const arrays = group.map(() => new Float64Array(ids.length).fill(NaN));
      // Column names come from the histogram declarations (an allow-list).
      const order = group.length === 1 ? `ORDER BY ${group[0]}` : '';
      for (const row of prepared(db, `SELECT row_id, ${group.join(', ')} FROM images ${order}`, 'raw').iterate() as IterableIterator<unknown[]>) {
        const p = at(row[0] as number);
        if (p >= 0) group.forEach((_, k) => row[k + 1] !== null && ((arrays[k] as Float64Array)[p] = Number(row[k + 1])));
      }
      group.forEach((c, k) => numbers.set(c, arrays[k] as Float64Array));
    }
    const dates = new Map<DateColumn, DateColumnStore>();
    for (const col of DATE_COLUMNS) {
      await step();
      if (abandon()) return 'abandoned';
      if (moved()) return 'moved';
      const dict = newDict();
      const bins: (readonly (string | null)[])[] = [];
      const codes = new Int32Array(ids.length).fill(-1);
      const keys = DATE_UNITS.map((u) => DATE_BIN[u]).join(', ');
      const rows = prepared(db, `SELECT row_id, ${keys} FROM (SELECT row_id, ${col} AS x FROM images WHERE ${col} IS NOT NULL ORDER BY ${col})`, 'raw');
      for (const row of rows.iterate() as IterableIterator<[number, ...(string | null)[]]>) {
        const p = at(row[0]);
        if (p < 0) continue;
        const code = encode(dict, row.slice(1).join('\0'));
        if (code === bins.length) bins.push(row.slice(1) as (string | null)[]);
        codes[p] = code;
      }
      dates.set(col, { codes, bins });
    }
    if (moved()) return 'moved';
    return new FacetStore(version, ids, positionOf, ids.length, columns, tags, numbers, dates, db);
  }

  /** Whether the store can count this facet (meta keys are loaded on first use). */
  has(spec: FacetSpec): boolean {
    return 'tags' in spec.source || 'metaKey' in spec.source || this.columns.has(spec.id);
  }

  /**
   * The positions of the records matching `cond`, in order, each once. The condition is taken
   * apart at its AND / OR / NOT nodes and each piece asked of SQLite on its own, where an index
   * answers it (a range of one column's index, a side table, the full-text tables); the pieces
   * are combined here as bitmaps. A piece is the set of rows where it is true, and NOT is
   * rendered `NOT coalesce(x, 0)` (a NULL is no match), so the complement of that set is exactly
   * NOT's set, and AND / OR of the sets are exactly the SQL's.
   */
  matching(cond: Cond): Int32Array {
    const bits = this.truth(cond);
    let n = 0;
    for (let p = 0; p < this.size; p++) n += bits[p] as number;
    const out = new Int32Array(n);
    for (let p = 0, i = 0; p < this.size; p++) if (bits[p]) out[i++] = p;
    return out;
  }

  private truth(c: Cond): Uint8Array {
    if (isTrue(c)) return new Uint8Array(this.size).fill(1);
    switch (c.kind) {
      case 'sql':
        if (c.compare) {
          const inMemory = this.compared(c.compare);
          if (inMemory) return inMemory;
        }
        return c.set ? this.rows(c.set.sql, c.set.params) : this.where([c]);
      case 'rowIdIn':
        return this.rows(c.sub.sql, c.sub.params);
      case 'not': {
        const bits = this.truth(c.inner);
        for (let p = 0; p < this.size; p++) bits[p] = (bits[p] as number) ^ 1;
        return bits;
      }
      case 'and': {
        // Each part on its own: a part alone is a range of its own covering index, where the
        // parts together would look up the wide rows of one part's matches to test the others.
        const [first, ...rest] = c.parts.map((x) => this.truth(x));
        const bits = first as Uint8Array;
        for (const other of rest) for (let p = 0; p < this.size; p++) bits[p] = (bits[p] as number) & (other[p] as number);
        return bits;
      }
      case 'or': {
        const [first, ...rest] = c.parts.map((x) => this.truth(x));
        const bits = first as Uint8Array;
        for (const other of rest) for (let p = 0; p < this.size; p++) bits[p] = (bits[p] as number) | (other[p] as number);
        return bits;
      }
    }
  }

  /**
   * A number comparison over the store's own copy of the values (the raw columns, megapixels,
   * aspect), instead of asking SQLite for the row ids: a broad range such as `width:>=1920` is
   * half the cache's ids, each ~1 µs to read through better-sqlite3. Null for a value the store
   * does not hold. NaN (no value) fails every comparison, as NULL does in SQL.
   */
  private compared(c: Compare): Uint8Array | null {
    const h = HISTOGRAMS.find((x) => x.computed === c.value);
    const value = this.numbers.has(c.value as NumberColumn)
      ? ((values: Float64Array) => (p: number) => values[p] as number)(this.numbers.get(c.value as NumberColumn) as Float64Array)
      : h
        ? this.valueOf(h.id)
        : null;
    if (!value) return null;
    const bits = new Uint8Array(this.size);
    const b = c.bound;
    const test: (x: number) => boolean =
      c.op === '=' ? (x) => x === b : c.op === '>' ? (x) => x > b : c.op === '>=' ? (x) => x >= b : c.op === '<' ? (x) => x < b : (x) => x <= b;
    for (let p = 0; p < this.size; p++) if (test(value(p))) bits[p] = 1;
    return bits;
  }

  /** The rows where every one of `conds` holds, asked of images. */
  private where(conds: Cond[]): Uint8Array {
    const w = renderWhere(conds);
    return this.rows(`SELECT i.row_id FROM images i ${w.sql}`, w.params);
  }

  /** A query whose first column is a row id, as a bitmap over positions. */
  private rows(sql: string, params: unknown[]): Uint8Array {
    const bits = new Uint8Array(this.size);
    for (const id of prepared(this.db, sql, 'pluck').all(...params) as number[]) {
      const p = id < this.positionOf.length ? (this.positionOf[id] as number) : 0;
      if (p) bits[p - 1] = 1;
    }
    return bits;
  }

  /** The row ids at these positions. */
  rowIdsOf(positions: Int32Array): number[] {
    return Array.from(positions, (p) => this.ids[p] as number);
  }

  /** One facet's counts over the given positions, keyed as facetKey keys them. */
  count(spec: FacetSpec, positions: Int32Array): Map<Key, number> {
    const col = this.columns.get(spec.id);
    if (col) {
      const n = new Int32Array(col.dict.keys.length);
      for (let i = 0; i < positions.length; i++) {
        const code = col.codes[positions[i] as number] as number;
        n[code] = (n[code] as number) + 1;
      }
      return toMap(col.dict, n);
    }
    const multi = 'tags' in spec.source ? this.tags : 'metaKey' in spec.source ? this.meta(spec.source.metaKey) : null;
    if (!multi) throw new Error(`The facet store does not hold ${spec.id}.`);
    const n = new Int32Array(multi.dict.keys.length);
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i] as number;
      const end = multi.offsets[p + 1] as number;
      for (let j = multi.offsets[p] as number; j < end; j++) {
        const code = multi.codes[j] as number;
        n[code] = (n[code] as number) + 1;
      }
    }
    return toMap(multi.dict, n);
  }

  /**
   * The standard histograms of the records at these positions, laid out and binned as the SQL
   * histograms (histograms.ts) do: a pass for each one's range, a pass for its bins. Equal to
   * them exactly (histogram-store.test.ts).
   */
  histograms(positions: Int32Array, ids: readonly StandardHistogramId[]): Histogram[] {
    return ids.map((id) => {
      const spec = HISTOGRAMS.find((h) => h.id === id) as (typeof HISTOGRAMS)[number];
      return spec.kind === 'date' ? this.dateHistogram(id, spec.column as DateColumn, positions) : this.numberHistogram(id, spec.integer, spec.log, positions);
    });
  }

  /** A number histogram's value at a position (NaN: none), as histograms.ts's expression computes it. */
  private valueOf(id: StandardHistogramId): (p: number) => number {
    const col = (c: NumberColumn) => this.numbers.get(c) as Float64Array;
    const [w, h] = [col('width'), col('height')];
    if (id === 'megapixels') return (p) => ((w[p] as number) > 0 && (h[p] as number) > 0 ? ((w[p] as number) * (h[p] as number)) / 1e6 : NaN);
    if (id === 'aspect') return (p) => ((w[p] as number) > 0 && (h[p] as number) > 0 ? (w[p] as number) / (h[p] as number) : NaN);
    const values = col(HISTOGRAMS.find((x) => x.id === id)?.column as NumberColumn);
    return (p) => values[p] as number;
  }

  private numberHistogram(id: StandardHistogramId, integer: boolean, log: boolean, positions: Int32Array): Histogram {
    const value = this.valueOf(id);
    let min = Infinity;
    let max = -Infinity;
    let n = 0;
    for (let i = 0; i < positions.length; i++) {
      const x = value(positions[i] as number);
      if (x !== x) continue;
      n++;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const missing = positions.length - n;
    if (n === 0) return emptyHistogram(id, missing);
    const layout = numberLayout(min, max, integer, log);
    const counts = new Float64Array(layout.n);
    for (let i = 0; i < positions.length; i++) {
      const x = value(positions[i] as number);
      if (x !== x) continue;
      const b = binOf(layout, x);
      counts[b] = (counts[b] as number) + 1;
    }
    return { ...histogramBase(id, missing), ...numberBins(layout, (b) => counts[b] as number) };
  }

  private dateHistogram(id: StandardHistogramId, column: DateColumn, positions: Int32Array): Histogram {
    const { codes, bins } = this.dates.get(column) as DateColumnStore;
    const perCode = new Float64Array(bins.length);
    let n = 0;
    for (let i = 0; i < positions.length; i++) {
      const code = codes[positions[i] as number] as number;
      if (code < 0) continue;
      n++;
      perCode[code] = (perCode[code] as number) + 1;
    }
    const missing = positions.length - n;
    if (n === 0) return emptyHistogram(id, missing);
    // The earliest and latest values' days: a string's first ten characters are in the same order as the strings.
    let min = '';
    let max = '';
    for (let code = 0; code < perCode.length; code++) {
      if (perCode[code] === 0) continue;
      const day = (bins[code] as (string | null)[])[0] as string;
      if (min === '' || day < min) min = day;
      if (max === '' || day > max) max = day;
    }
    const unit = dateUnit(min, max);
    const k = DATE_UNITS.indexOf(unit);
    const byKey = new Map<string | null, number>();
    perCode.forEach((c, code) => {
      if (c === 0) return;
      const key = (bins[code] as (string | null)[])[k] as string | null;
      byKey.set(key, (byKey.get(key) ?? 0) + c);
    });
    const d = dateBins(unit, [...byKey].map(([b, c]) => ({ b, c })));
    return { ...histogramBase(id, missing + d.unreadable), step: d.step, bins: d.bins };
  }

  /**
   * One meta key's values per position, read once from its index (one statement, so one
   * snapshot; the owner checks `current()` before trusting any count).
   */
  private meta(key: string): Multi {
    const hit = this.metas.get(key);
    if (hit) return hit;
    const rows = prepared(this.db, 'SELECT DISTINCT row_id, v FROM meta_values WHERE key_id = (SELECT id FROM meta_keys WHERE key = ?)', 'raw');
    const made = multi(rows, [key], this.size, (id) => (id < this.positionOf.length ? (this.positionOf[id] as number) - 1 : -1));
    this.metas.set(key, made);
    return made;
  }
}

/**
 * A statement's (row id, value) rows, in any order, as runs of value codes per position: read
 * once into two flat arrays (not a JS array per row), then placed with a counting sort.
 */
function multi(stmt: Statement, params: unknown[], size: number, at: (id: number) => number): Multi {
  const dict = newDict();
  const offsets = new Int32Array(size + 1);
  const positions = new Ints();
  const values = new Ints();
  for (const [id, v] of stmt.iterate(...params) as IterableIterator<[number, Key]>) {
    const p = at(id);
    if (p < 0) continue;
    positions.push(p);
    values.push(encode(dict, v));
    offsets[p + 1] = (offsets[p + 1] as number) + 1;
  }
  for (let p = 0; p < size; p++) offsets[p + 1] = (offsets[p + 1] as number) + (offsets[p] as number);
  const codes = new Int32Array(offsets[size] as number);
  const fill = offsets.slice(0, size);
  for (let i = 0; i < positions.n; i++) {
    const p = positions.a[i] as number;
    const at = fill[p] as number;
    fill[p] = at + 1;
    codes[at] = values.a[i] as number;
  }
  return { dict, offsets, codes };
}

function toMap(d: Dict, n: Int32Array): Map<Key, number> {
  const m = new Map<Key, number>();
  n.forEach((c, code) => {
    if (c > 0) m.set(d.keys[code] as Key, c);
  });
  return m;
}
