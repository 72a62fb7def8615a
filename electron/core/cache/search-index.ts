import type { Statement } from 'better-sqlite3';
import type { ImageInfo, ImageTag } from '../../../shared/image-info';
import {
  encodeWord,
  flattenMeta,
  nameIndexText,
  words,
  type MetaScalar,
} from '../../../shared/search-text';
import type { Db } from './open-cache';

/**
 * The search side tables (migration 0030) and how they stay true to `images`. THE one write
 * path for derived search data — import, sync and anything else that writes images goes
 * through ImageWriter, which calls this:
 *
 * - a normal write (sync, a small import) calls `indexRecord()` for each changed row: the
 *   row's old derived rows are deleted and the new ones inserted, indexes live;
 * - a bulk load (ImageWriter with `bulk: true`) writes no derived rows; `beginBulk()` sets the
 *   'bulk' flag (the delete triggers stand still) and `rebuildAll()` derives everything from
 *   `images` in one pass at the end, then builds the B-tree indexes once — not row by row;
 * - deletions are handled by triggers on `images` (migration 0030), whoever deletes.
 *
 * Both paths derive a row with `deriveSearchRows()`, which uses the same shared helpers as
 * the plain-JS reference filter in the tests.
 */

/** B-tree indexes over `images` and the side tables that filters and facets need. */
export const SEARCH_INDEXES: readonly { name: string; on: string }[] = [
  { name: 'images_hash', on: 'images (hash)' },
  { name: 'images_width', on: 'images (width)' },
  { name: 'images_height', on: 'images (height)' },
  { name: 'images_ext', on: 'images (ext)' },
  { name: 'images_mime', on: 'images (mime)' },
  { name: 'image_tags_name', on: 'image_tags (name, value, row_id)' },
  { name: 'image_tags_row', on: 'image_tags (row_id)' },
  { name: 'meta_values_key', on: 'meta_values (key, v, row_id)' },
  { name: 'meta_values_row', on: 'meta_values (row_id)' },
];

export function createSearchIndexes(db: Db): void {
  for (const i of SEARCH_INDEXES) db.exec(`CREATE INDEX IF NOT EXISTS ${i.name} ON ${i.on}`);
}

function dropSearchIndexes(db: Db): void {
  for (const i of SEARCH_INDEXES) db.exec(`DROP INDEX IF EXISTS ${i.name}`);
}

/** What one record contributes to the side tables. */
export type DerivedRows = {
  name: string;
  words: string;
  tags: { name: string; value: string | number | null }[];
  meta: [string, MetaScalar][];
};

/** The fields of a record search reads, as ImageInfo or as a stored row parsed. */
export type SearchableRecord = {
  name: string;
  description?: string | null;
  tags?: readonly ImageTag[] | null;
  meta?: unknown;
};

/** Resolves a tag instance's name: its own name, the project's tag meta, or "tag #id". */
export type TagNamer = (sourceId: number, tag: ImageTag) => string;

/** Derives the search rows of one record. Pure: the reference filter relies on the same rules. */
export function deriveSearchRows(rec: SearchableRecord, sourceId: number, tagName: TagNamer): DerivedRows {
  const tags = (rec.tags ?? []).map((t) => ({ name: tagName(sourceId, t), value: t.value ?? null }));
  const meta = flattenMeta(rec.meta);
  const seen = new Set<string>();
  const wordList: string[] = [];
  const add = (text: string) => {
    for (const w of words(text)) {
      if (!seen.has(w)) {
        seen.add(w);
        wordList.push(encodeWord(w));
      }
    }
  };
  add(rec.description ?? '');
  for (const t of tags) add(t.name);
  for (const [, v] of meta) if (v !== null) add(String(v));
  const pairs = new Set<string>();
  const uniqueMeta = meta.filter(([k, v]) => {
    const id = `${k}\u0000${typeof v}\u0000${String(v)}`;
    if (pairs.has(id)) return false;
    pairs.add(id);
    return true;
  });
  return { name: nameIndexText(rec.name), words: wordList.join(' '), tags, meta: uniqueMeta };
}

/** A TagNamer over the cache's tag metas (loaded once; metas are few). */
export function tagNamerFor(db: Db): TagNamer {
  const bySource = new Map<number, Map<number, string>>();
  for (const r of db.prepare('SELECT source_id, id, name FROM tag_metas').all() as {
    source_id: number;
    id: number;
    name: string;
  }[]) {
    let m = bySource.get(r.source_id);
    if (!m) bySource.set(r.source_id, (m = new Map()));
    m.set(r.id, r.name);
  }
  return (sourceId, tag) => resolveTagName(bySource.get(sourceId), tag);
}

/** The one rule for a tag's display name (TagNames uses it too). */
export function resolveTagName(metas: ReadonlyMap<number, string> | undefined, tag: ImageTag): string {
  if (tag.name) return tag.name;
  if (tag.tagId === undefined) return '(unnamed tag)';
  return metas?.get(tag.tagId) ?? `tag #${tag.tagId}`;
}

type KeyStats = { count: number; numbers: number; strings: number; booleans: number; nulls: number };

/** Writes and deletes the derived rows of single records, with prepared statements. */
export class SearchIndex {
  private readonly ins: Record<'name' | 'words' | 'tag' | 'meta', Statement>;
  private readonly del: Statement[];
  private readonly catalogueAdd: Statement;
  private readonly dupCheck: Statement;
  private readonly markStale: Statement;
  private tagName: TagNamer | null = null;

  constructor(private readonly db: Db) {
    this.ins = {
      name: db.prepare('INSERT INTO name_fts (rowid, name) VALUES (?, ?)'),
      words: db.prepare('INSERT INTO word_fts (rowid, words) VALUES (?, ?)'),
      tag: db.prepare('INSERT INTO image_tags (row_id, name, value) VALUES (?, ?, ?)'),
      meta: db.prepare('INSERT INTO meta_values (row_id, key, v) VALUES (?, ?, ?)'),
    };
    this.del = [
      db.prepare(
        `UPDATE meta_keys SET count = count - 1
          WHERE key IN (SELECT DISTINCT key FROM meta_values WHERE row_id = ?)`,
      ),
      db.prepare('DELETE FROM name_fts WHERE rowid = ?'),
      db.prepare('DELETE FROM word_fts WHERE rowid = ?'),
      db.prepare('DELETE FROM image_tags WHERE row_id = ?'),
      db.prepare('DELETE FROM meta_values WHERE row_id = ?'),
    ];
    this.catalogueAdd = db.prepare(
      `INSERT INTO meta_keys (key, count, numbers, strings, booleans, nulls) VALUES (?, 1, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET count = count + 1, numbers = numbers + excluded.numbers,
         strings = strings + excluded.strings, booleans = booleans + excluded.booleans,
         nulls = nulls + excluded.nulls`,
    );
    this.dupCheck = db.prepare(
      `INSERT OR IGNORE INTO dup_hashes (hash)
       SELECT @hash WHERE @hash IS NOT NULL AND (SELECT count(*) FROM images WHERE hash = @hash) > 1`,
    );
    this.markStale = db.prepare("INSERT OR REPLACE INTO search_state (key, value) VALUES ('facets_stale', 1)");
  }

  /** Re-derives one written row (incremental path). Call inside the writer's transaction. */
  indexRecord(rowId: number, sourceId: number, info: ImageInfo): void {
    for (const s of this.del) s.run(rowId);
    this.tagName ??= tagNamerFor(this.db);
    const d = deriveSearchRows(info, sourceId, this.tagName);
    this.insertDerived(rowId, d);
    for (const [key, s] of keyStats([d])) {
      this.catalogueAdd.run(key, s.numbers, s.strings, s.booleans, s.nulls);
    }
    this.dupCheck.run({ hash: info.hash ?? null });
    this.markStale.run();
  }

  private insertDerived(rowId: number, d: DerivedRows): void {
    this.ins.name.run(rowId, d.name);
    if (d.words) this.ins.words.run(rowId, d.words);
    for (const t of d.tags) this.ins.tag.run(rowId, t.name, t.value);
    for (const [k, v] of d.meta) this.ins.meta.run(rowId, k, v);
  }

  /** Marks the start of a bulk load: derived rows wait for rebuildAll(); triggers stand still. */
  beginBulk(): void {
    this.db.prepare("INSERT OR REPLACE INTO search_state (key, value) VALUES ('bulk', 1)").run();
  }

  /**
   * Derives every side table from `images` in one pass, then builds their indexes, the meta
   * catalogue, the duplicate hashes and clears the flags. Runs inside the caller's transaction.
   */
  rebuildAll(onProgress?: (rows: number) => void): void {
    const db = this.db;
    db.prepare("INSERT OR REPLACE INTO search_state (key, value) VALUES ('bulk', 1)").run();
    dropSearchIndexes(db);
    db.exec(`DELETE FROM image_tags; DELETE FROM meta_values; DELETE FROM meta_keys; DELETE FROM dup_hashes;
             INSERT INTO name_fts (name_fts) VALUES ('delete-all');
             INSERT INTO word_fts (word_fts) VALUES ('delete-all');`);
    this.tagName = tagNamerFor(db);
    const read = db.prepare(
      `SELECT row_id, source_id, name, description, tags, meta FROM images
        WHERE row_id > ? ORDER BY row_id LIMIT 4000`,
    );
    const stats = new Map<string, KeyStats>();
    let last = 0;
    let done = 0;
    for (;;) {
      const rows = read.all(last) as {
        row_id: number;
        source_id: number;
        name: string;
        description: string | null;
        tags: string;
        meta: string;
      }[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const d = deriveSearchRows(
          { name: r.name, description: r.description, tags: JSON.parse(r.tags), meta: JSON.parse(r.meta) },
          r.source_id,
          this.tagName,
        );
        this.insertDerived(r.row_id, d);
        mergeKeyStats(stats, d);
      }
      last = (rows.at(-1) as { row_id: number }).row_id;
      done += rows.length;
      onProgress?.(done);
    }
    const cat = db.prepare(
      'INSERT INTO meta_keys (key, count, numbers, strings, booleans, nulls) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const [key, s] of stats) cat.run(key, s.count, s.numbers, s.strings, s.booleans, s.nulls);
    createSearchIndexes(db);
    db.exec(`INSERT INTO dup_hashes (hash)
               SELECT hash FROM images WHERE hash IS NOT NULL GROUP BY hash HAVING count(*) > 1;
             INSERT INTO name_fts (name_fts) VALUES ('optimize');
             DELETE FROM search_state WHERE key IN ('bulk', 'needs_rebuild');
             INSERT OR REPLACE INTO search_state (key, value) VALUES ('facets_stale', 1);`);
  }
}

function keyStats(list: DerivedRows[]): Map<string, KeyStats> {
  const stats = new Map<string, KeyStats>();
  for (const d of list) mergeKeyStats(stats, d);
  return stats;
}

/** Counts each key once per record, and its values by type. */
function mergeKeyStats(stats: Map<string, KeyStats>, d: DerivedRows): void {
  const seen = new Set<string>();
  for (const [k, v] of d.meta) {
    let s = stats.get(k);
    if (!s) stats.set(k, (s = { count: 0, numbers: 0, strings: 0, booleans: 0, nulls: 0 }));
    if (!seen.has(k)) {
      seen.add(k);
      s.count++;
    }
    if (v === null) s.nulls++;
    else if (typeof v === 'number') s.numbers++;
    else if (v === 'true' || v === 'false') s.booleans++;
    else s.strings++;
  }
}

/**
 * At open: builds missing indexes, and derives the side tables when a cache from before
 * migration 0030 (or an interrupted rebuild) left them empty.
 */
export function ensureSearchIndex(db: Db): void {
  const needs = db.prepare("SELECT 1 FROM search_state WHERE key IN ('needs_rebuild', 'bulk')").get();
  if (needs) db.transaction(() => new SearchIndex(db).rebuildAll()).immediate();
  else createSearchIndexes(db);
}
