import type { Statement } from 'better-sqlite3';
import type { ImageTag } from '../../../shared/image-info';
import { storedMetaValue, type MetaScalar } from '../../../shared/search-text';
import type { Db } from './open-cache';
import { withIndexBuildSettings } from './browse-indexes';
import {
  deriveSearchRows,
  tagNamerFor,
  type DerivedRows,
  type SearchableRecord,
  type TagNamer,
} from './search-rows';
import { DOCS_JOIN } from './image-docs';

/**
 * The search side tables (migration 0030) and how they stay true to `images`. THE one write
 * path for derived search data — import, sync and anything else that writes images goes
 * through ImageWriter, which calls this:
 *
 * - a normal write (sync, a small import): `indexRecord()` for each changed row deletes the
 *   row's old derived rows and inserts the new ones, indexes live;
 * - a bulk load (ImageWriter `bulk: true`): `beginBulk()` drops the side tables' B-tree
 *   indexes and sets the 'bulk' flag (the delete triggers stand still); new rows' derived rows
 *   are appended as they are written (`indexNew()`, no deletes, no index upkeep), rows that
 *   existed before are re-derived from `images` at the end, and `finishBulk()` builds the
 *   indexes once, the duplicate hashes and the catalogue counts, and marks the whole-cache
 *   facet counts stale (FacetService recomputes them on first use, off the import);
 * - deletions are handled by triggers on `images` (migration 0030), whoever deletes;
 * - `rebuildAll()` derives everything from `images` (a cache from before 0030, a repair).
 *
 * Every path derives a row with `deriveSearchRows()` (search-rows.ts), from the same shared
 * helpers the plain-JS reference filter in the tests uses; deleting a source's records in bulk
 * is in source-delete.ts.
 */

/** B-tree indexes over `images` and the side tables that filters and facets need. */
export const SEARCH_INDEXES: readonly { name: string; on: string }[] = [
  // Name filters and the byte-order name sort (the table's name sort is natural: browse-indexes.ts).
  { name: 'images_name', on: 'images (name)' },
  { name: 'images_hash', on: 'images (hash)' },
  { name: 'images_width', on: 'images (width)' },
  { name: 'images_height', on: 'images (height)' },
  { name: 'images_ext', on: 'images (ext)' },
  { name: 'images_mime', on: 'images (mime)' },
  // has:link — partial, so the records registered by upload cost nothing.
  { name: 'images_has_link', on: "images (link) WHERE link IS NOT NULL AND link != ''" },
  { name: 'image_tags_name', on: 'image_tags (name, value, row_id)' },
  { name: 'image_tags_row', on: 'image_tags (row_id)' },
  { name: 'meta_values_key', on: 'meta_values (key_id, v, row_id)' },
  { name: 'meta_values_row', on: 'meta_values (row_id, key_id)' },
];

export function createSearchIndexes(db: Db): void {
  for (const i of SEARCH_INDEXES) db.exec(`CREATE INDEX IF NOT EXISTS ${i.name} ON ${i.on}`);
}

export function dropSearchIndexes(db: Db): void {
  for (const i of SEARCH_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
}

const FTS_TABLES = ['name_fts', 'word_fts'] as const;
/** FTS5's default: merge once 4 segments of a level exist (restored after a bulk load). */
const FTS_AUTOMERGE = 4;

/** Rows per multi-row INSERT, and the values each table's row has. */
const BATCH_ROWS = 64;
const BATCH_COLUMNS = { name: 2, words: 2, tag: 3, meta: 3 } as const;
const BATCH_VALUES = 3 * BATCH_ROWS * 16;

/** Which derived data a write changed: a side table each, and the duplicate-hash check. */
export type Parts = Record<'name' | 'words' | 'tags' | 'meta' | 'hash', boolean>;
const ALL_PARTS: Parts = { name: true, words: true, tags: true, meta: true, hash: true };
/** Each part's side table, by the key of its delete statement. */
const PART_TABLES = [
  ['name', 'name'],
  ['words', 'words'],
  ['tags', 'tag'],
  ['meta', 'meta'],
] as const;

type KeyStats = {
  count: number;
  numbers: number;
  strings: number;
  booleans: number;
  nulls: number;
};
const zero = (): KeyStats => ({ count: 0, numbers: 0, strings: 0, booleans: 0, nulls: 0 });

function countType(s: KeyStats, v: MetaScalar): void {
  if (v === null) s.nulls++;
  else if (typeof v === 'number') s.numbers++;
  else if (typeof v === 'boolean') s.booleans++;
  else s.strings++;
}

/** A record's derived meta values grouped by key, with a text to compare them by. */
function valuesByKey(
  pairs: DerivedRows['meta'],
): Map<string, { values: MetaScalar[]; text: string }> {
  const out = new Map<string, { values: MetaScalar[]; text: string }>();
  for (const [k, v] of pairs) {
    const e = out.get(k);
    if (e) e.values.push(v);
    else out.set(k, { values: [v], text: '' });
  }
  for (const e of out.values()) e.text = JSON.stringify(e.values);
  return out;
}

/** Writes and deletes the derived rows of records, with prepared statements. */
export class SearchIndex {
  private readonly ins: Record<'name' | 'words' | 'tag' | 'meta' | 'key' | 'stats', Statement>;
  private readonly del: Record<'metaKeys' | 'name' | 'words' | 'tag' | 'meta', Statement>;
  private readonly batch: Record<'name' | 'words' | 'tag' | 'meta', Statement>;
  private readonly rows: Record<'name' | 'words' | 'tag' | 'meta', unknown[]> = {
    name: [],
    words: [],
    tag: [],
    meta: [],
  };
  private readonly delMetaKey: Statement;
  private readonly readRows: Statement;
  private readonly dupCheck: Statement;
  private readonly setFlag: Statement;
  private tagName: TagNamer | null = null;
  private keyIds = new Map<string, number>();
  /** Catalogue changes not yet written, by key id. */
  private stats = new Map<number, KeyStats>();

  constructor(private readonly db: Db) {
    this.ins = {
      name: db.prepare('INSERT INTO name_fts (rowid, name) VALUES (?, ?)'),
      words: db.prepare('INSERT INTO word_fts (rowid, words) VALUES (?, ?)'),
      tag: db.prepare('INSERT INTO image_tags (row_id, name, value) VALUES (?, ?, ?)'),
      meta: db.prepare('INSERT INTO meta_values (row_id, key_id, v) VALUES (?, ?, ?)'),
      key: db.prepare(
        'INSERT INTO meta_keys (key, count) VALUES (?, 0) ON CONFLICT (key) DO UPDATE SET key = key RETURNING id',
      ),
      stats: db.prepare(
        `UPDATE meta_keys SET count = count + ?, numbers = numbers + ?, strings = strings + ?,
           booleans = booleans + ?, nulls = nulls + ? WHERE id = ?`,
      ),
    };
    const many = (sql: string, width: number) =>
      db.prepare(
        `${sql} ${Array.from({ length: BATCH_ROWS }, () => `(${Array(width).fill('?').join(', ')})`).join(', ')}`,
      );
    this.batch = {
      name: many('INSERT INTO name_fts (rowid, name) VALUES', 2),
      words: many('INSERT INTO word_fts (rowid, words) VALUES', 2),
      tag: many('INSERT INTO image_tags (row_id, name, value) VALUES', 3),
      meta: many('INSERT INTO meta_values (row_id, key_id, v) VALUES', 3),
    };
    this.del = {
      metaKeys: db.prepare(
        `UPDATE meta_keys SET count = count - 1
          WHERE id IN (SELECT DISTINCT key_id FROM meta_values WHERE row_id = ?)`,
      ),
      name: db.prepare('DELETE FROM name_fts WHERE rowid = ?'),
      words: db.prepare('DELETE FROM word_fts WHERE rowid = ?'),
      tag: db.prepare('DELETE FROM image_tags WHERE row_id = ?'),
      meta: db.prepare('DELETE FROM meta_values WHERE row_id = ?'),
    };
    this.delMetaKey = db.prepare('DELETE FROM meta_values WHERE row_id = ? AND key_id = ?');
    this.readRows = db.prepare(
      `SELECT i.row_id, i.source_id, i.name, i.description, d.tags, d.meta FROM images i ${DOCS_JOIN}
        WHERE i.row_id > ? ORDER BY i.row_id LIMIT ?`,
    );
    this.dupCheck = db.prepare(
      `INSERT OR IGNORE INTO dup_hashes (hash)
       SELECT @hash WHERE @hash IS NOT NULL AND (SELECT count(*) FROM images WHERE hash = @hash) > 1`,
    );
    this.setFlag = db.prepare('INSERT OR REPLACE INTO search_state (key, value) VALUES (?, 1)');
  }

  /** Re-derives one written row (incremental path). Call inside the writer's transaction. */
  indexRecord(
    rowId: number,
    sourceId: number,
    rec: SearchableRecord & { hash?: string | null },
  ): void {
    this.reindexChanged(rowId, sourceId, rec, ALL_PARTS);
  }

  /**
   * Re-derives only the side tables fed by the fields that changed (a targeted update): a new
   * updated_at or label count touches none, new tags touch the tag rows and the words.
   */
  reindexChanged(
    rowId: number,
    sourceId: number,
    rec: SearchableRecord & { hash?: string | null },
    parts: Parts,
    oldMeta?: unknown,
  ): void {
    // With the old meta at hand, only the keys whose values changed are rewritten.
    const byKey = parts.meta && oldMeta !== undefined;
    if (parts.meta && !byKey) this.del.metaKeys.run(rowId);
    for (const [part, table] of PART_TABLES)
      if (parts[part] && !(byKey && part === 'meta')) this.del[table].run(rowId);
    if (parts.name || parts.words || parts.tags || parts.meta) {
      const d = this.derive(rec, sourceId);
      this.insertDerived(rowId, d, byKey ? { ...parts, meta: false } : parts);
      if (byKey)
        this.updateMetaKeys(rowId, this.derive({ name: '', meta: oldMeta }, sourceId).meta, d.meta);
      this.flush();
    }
    if (parts.hash) this.dupCheck.run({ hash: rec.hash ?? null });
    this.setFlag.run('facets_stale');
  }

  /** Rewrites the meta values of the keys whose values differ between two derived lists. */
  private updateMetaKeys(
    rowId: number,
    before: DerivedRows['meta'],
    after: DerivedRows['meta'],
  ): void {
    const old = valuesByKey(before);
    const next = valuesByKey(after);
    for (const k of new Set([...old.keys(), ...next.keys()])) {
      const was = old.get(k);
      const now = next.get(k);
      if (was && now && was.text === now.text) continue;
      const id = this.keyId(k);
      if (was) this.delMetaKey.run(rowId, id);
      let s = this.stats.get(id);
      if (!s) this.stats.set(id, (s = zero()));
      if (!now) {
        s.count--;
        continue;
      }
      if (!was) s.count++;
      for (const v of now.values) {
        this.rows.meta.push(rowId, id, storedMetaValue(v));
        countType(s, v);
      }
    }
  }

  /** A row that did not exist before this bulk load: append its derived rows, nothing to delete. */
  indexNew(rowId: number, sourceId: number, rec: SearchableRecord): void {
    this.insertDerived(rowId, this.derive(rec, sourceId));
  }

  /** Writes the buffered rows and the catalogue counts gathered since the last flush. */
  flush(): void {
    this.flushRows();
    for (const [id, s] of this.stats)
      this.ins.stats.run(s.count, s.numbers, s.strings, s.booleans, s.nulls, id);
    this.stats.clear();
  }

  private derive(rec: SearchableRecord, sourceId: number): DerivedRows {
    this.tagName ??= tagNamerFor(this.db);
    return deriveSearchRows(rec, sourceId, this.tagName);
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = (this.ins.key.get(key) as { id: number }).id;
      this.keyIds.set(key, id);
    }
    return id;
  }

  private insertDerived(rowId: number, d: DerivedRows, parts: Parts = ALL_PARTS): void {
    if (parts.name) this.rows.name.push(rowId, d.name);
    if (d.words && parts.words) this.rows.words.push(rowId, d.words);
    if (parts.tags) for (const t of d.tags) this.rows.tag.push(rowId, t.name, t.value);
    let counted: Set<number> | null = null;
    if (parts.meta)
      for (const [k, v] of d.meta) {
        const id = this.keyId(k);
        this.rows.meta.push(rowId, id, storedMetaValue(v));
        let s = this.stats.get(id);
        if (!s) this.stats.set(id, (s = zero()));
        if (!counted?.has(id)) {
          (counted ??= new Set()).add(id);
          s.count++;
        }
        countType(s, v);
      }
    if (this.rows.meta.length >= BATCH_VALUES) this.flushRows();
  }

  /**
   * Writes the buffered derived rows with multi-row INSERTs: one statement call per BATCH
   * rows instead of one per row (the per-call cost dominates for rows this small).
   */
  private flushRows(): void {
    for (const t of ['name', 'words', 'tag', 'meta'] as const) {
      const values = this.rows[t];
      const width = BATCH_COLUMNS[t];
      const per = BATCH_ROWS * width;
      let i = 0;
      for (; i + per <= values.length; i += per) this.batch[t].run(values.slice(i, i + per));
      for (; i < values.length; i += width) this.ins[t].run(values.slice(i, i + width));
      values.length = 0;
    }
  }

  /**
   * Start of a bulk load: the side tables' indexes go; triggers stand still; the full-text
   * tables stop merging their segments as they grow (finishDerived merges them once).
   */
  beginBulk(): void {
    this.setFlag.run('bulk');
    dropSearchIndexes(this.db);
    for (const t of FTS_TABLES)
      this.db.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('automerge', 0)`);
  }

  /**
   * End of a bulk load: builds the indexes once, re-derives the rows that existed before the
   * load and were rewritten (`updated`), recomputes duplicate hashes, writes the catalogue,
   * clears the flags.
   */
  finishBulk(updated: readonly number[]): void {
    this.flushRows();
    createSearchIndexes(this.db);
    for (const rowId of updated) {
      const row = this.readRows.get(rowId - 1, 1) as StoredRow | undefined;
      if (row?.row_id === rowId) this.reindexStored(row);
    }
    this.finishDerived();
  }

  /** Derives every side table from `images` in one pass (caches from before 0030, repairs). */
  rebuildAll(): void {
    const db = this.db;
    this.beginBulk();
    db.exec(`DELETE FROM image_tags; DELETE FROM meta_values; DELETE FROM meta_keys; DELETE FROM dup_hashes;
             INSERT INTO name_fts (name_fts) VALUES ('delete-all');
             INSERT INTO word_fts (word_fts) VALUES ('delete-all');`);
    this.keyIds.clear();
    this.stats.clear();
    for (let last = 0; ;) {
      const rows = this.readRows.all(last, 4000) as StoredRow[];
      if (rows.length === 0) break;
      for (const r of rows) this.indexNew(r.row_id, r.source_id, parseStored(r));
      last = (rows.at(-1) as StoredRow).row_id;
    }
    this.flushRows();
    createSearchIndexes(db);
    this.finishDerived();
  }

  private reindexStored(row: StoredRow): void {
    for (const s of Object.values(this.del)) s.run(row.row_id);
    this.insertDerived(row.row_id, this.derive(parseStored(row), row.source_id));
    this.flushRows();
  }

  private finishDerived(): void {
    const db = this.db;
    this.flush();
    // One segment per full-text table: cheaper than merging as it grew, and the fastest to query.
    for (const t of FTS_TABLES) {
      db.exec(`INSERT INTO ${t} (${t}) VALUES ('optimize');
               INSERT INTO ${t} (${t}, rank) VALUES ('automerge', ${FTS_AUTOMERGE})`);
    }
    db.exec(`DELETE FROM dup_hashes;
             INSERT INTO dup_hashes (hash)
               SELECT hash FROM images WHERE hash IS NOT NULL GROUP BY hash HAVING count(*) > 1;
             DELETE FROM search_state WHERE key IN ('bulk', 'needs_rebuild');
             INSERT OR REPLACE INTO search_state (key, value) VALUES ('facets_stale', 1);`);
  }
}

type StoredRow = {
  row_id: number;
  source_id: number;
  name: string;
  description: string | null;
  tags: string;
  meta: string;
};

function parseStored(r: StoredRow): SearchableRecord {
  return {
    name: r.name,
    description: r.description,
    tags: JSON.parse(r.tags) as ImageTag[],
    meta: JSON.parse(r.meta),
  };
}

/**
 * At open: builds missing indexes, and derives the side tables when a cache from before
 * migration 0030 (or an interrupted bulk load) left them incomplete.
 */
export function ensureSearchIndex(db: Db): void {
  const needs = db
    .prepare("SELECT 1 FROM search_state WHERE key IN ('needs_rebuild', 'bulk')")
    .get();
  if (needs)
    db.transaction(() =>
      withIndexBuildSettings(db, () => new SearchIndex(db).rebuildAll()),
    ).immediate();
  else createSearchIndexes(db);
}
