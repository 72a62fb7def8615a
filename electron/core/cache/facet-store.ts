import type { Statement } from 'better-sqlite3';
import type { Db } from './open-cache';
import { facetKey, type FacetSpec, type Key } from './facets';
import { renderWhere, isTrue, type Cond } from './sql-parts';
import { prepared } from './statement-cache';

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
    if (moved()) return 'moved';
    return new FacetStore(version, ids, positionOf, ids.length, columns, tags, db);
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
