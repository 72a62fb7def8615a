import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoupeError } from '../../../shared/errors';

import { DEFAULT_THUMB_MAX_BYTES } from '../../../shared/settings';

/** The thumbnail folder of a cache file: beside it, so deleting both is one gesture. */
export function thumbDirFor(cachePath: string): string {
  return `${cachePath}.thumbs`;
}

/** Identifies one thumbnail: a record of the cache at a size. */
export type ThumbKey = { sourceId: number; imageId: number; size: number };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS thumbs (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    used INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS thumbs_used ON thumbs (used);
`;

/** Rows looked at per eviction step. */
const EVICT_BATCH = 64;

/**
 * Hits whose use is written to the index in one transaction: a write per hit would cost more
 * than the hit itself (a screen of tiles is 40–60 hits at once).
 */
const TOUCH_BATCH = 256;

/**
 * Thumbnails kept on disk beside the cache, bounded in bytes, least recently used out first.
 * Each is a WebP file named by a hash of its key (so nothing a record holds ever becomes part of
 * a path); a small SQLite index holds its size, when it was last used, and the fingerprint of
 * the original it was made from, so a changed original is made again. A hit reads one file: no
 * original is decoded. The index is a cache too: losing it loses thumbnails, nothing else.
 */
export class ThumbStore {
  private readonly db: Database.Database;
  private readonly stmts;
  private clock: number;
  private total: number;
  /** Uses not yet written to the index: key → clock. */
  private touched = new Map<string, number>();

  private constructor(
    readonly dir: string,
    private maxBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    try {
      this.db = new Database(join(dir, 'index.sqlite'));
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.exec(SCHEMA);
    } catch (err) {
      throw new LoupeError('INTERNAL', `Cannot open the thumbnail store ${dir}: ${(err as Error).message}`, { file: dir });
    }
    this.stmts = {
      get: this.db.prepare('SELECT fingerprint FROM thumbs WHERE key = ?').pluck(),
      touch: this.db.prepare('UPDATE thumbs SET used = ? WHERE key = ?'),
      put: this.db.prepare('INSERT OR REPLACE INTO thumbs (key, fingerprint, bytes, used) VALUES (?, ?, ?, ?)'),
      bytesOf: this.db.prepare('SELECT bytes FROM thumbs WHERE key = ?').pluck(),
      remove: this.db.prepare('DELETE FROM thumbs WHERE key = ?'),
      oldest: this.db.prepare(`SELECT key, bytes FROM thumbs ORDER BY used LIMIT ${EVICT_BATCH}`),
      total: this.db.prepare('SELECT total(bytes) FROM thumbs').pluck(),
      count: this.db.prepare('SELECT count(*) FROM thumbs').pluck(),
      clock: this.db.prepare('SELECT max(used) FROM thumbs').pluck(),
    };
    this.clock = (this.stmts.clock.get() as number | null) ?? 0;
    this.total = this.stmts.total.get() as number;
  }

  /** Opens (creating if needed) the store in `dir`, trimmed to `maxBytes` at once. */
  static open(dir: string, maxBytes = DEFAULT_THUMB_MAX_BYTES): ThumbStore {
    const store = new ThumbStore(dir, maxBytes);
    store.evict();
    return store;
  }

  /** The thumbnail's bytes when it is stored and was made from this original; marks it used. */
  get(key: ThumbKey, fingerprint: string): Buffer | null {
    const k = keyText(key);
    const stored = this.stmts.get.get(k) as string | undefined;
    if (stored === undefined) return null;
    if (stored !== fingerprint) return null;
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.fileOf(k));
    } catch {
      // The file went (a user cleaned the folder): forget it, make it again.
      this.forget(k);
      return null;
    }
    this.touched.set(k, ++this.clock);
    if (this.touched.size >= TOUCH_BATCH) this.flushUses();
    return bytes;
  }

  /** Stores a thumbnail (written whole, then renamed into place) and evicts down to the limit. */
  put(key: ThumbKey, fingerprint: string, bytes: Uint8Array): void {
    const k = keyText(key);
    const file = this.fileOf(k);
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    const before = (this.stmts.bytesOf.get(k) as number | undefined) ?? 0;
    this.touched.delete(k);
    this.stmts.put.run(k, fingerprint, bytes.byteLength, ++this.clock);
    this.total += bytes.byteLength - before;
    if (this.total > this.maxBytes) this.evict();
  }

  /** Bytes the stored thumbnails take. */
  bytes(): number {
    return this.total;
  }

  count(): number {
    return this.stmts.count.get() as number;
  }

  /** A new size limit, applied at once. */
  /** Bytes of thumbnails stored now. */
  usedBytes(): number {
    return this.total;
  }

  setLimit(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.evict();
  }

  close(): void {
    this.flushUses();
    this.db.close();
  }

  /** Writes the pending uses, so eviction (here or in another process) sees them. */
  flushUses(): void {
    if (this.touched.size === 0) return;
    const uses = [...this.touched];
    this.touched.clear();
    this.db.transaction(() => {
      for (const [k, used] of uses) this.stmts.touch.run(used, k);
    })();
  }

  private evict(): void {
    this.flushUses();
    // Another process (the CLI beside the app) may have added or removed thumbnails.
    this.total = this.stmts.total.get() as number;
    while (this.total > this.maxBytes) {
      const rows = this.stmts.oldest.all() as { key: string; bytes: number }[];
      if (rows.length === 0) break;
      this.db.transaction(() => {
        for (const r of rows) {
          if (this.total <= this.maxBytes) break;
          this.forget(r.key);
          this.total -= r.bytes;
        }
      })();
    }
  }

  private forget(k: string): void {
    this.touched.delete(k);
    this.stmts.remove.run(k);
    rmSync(this.fileOf(k), { force: true });
  }

  private fileOf(k: string): string {
    const h = createHash('sha1').update(k).digest('hex');
    return join(this.dir, h.slice(0, 2), `${h}.webp`);
  }
}

function keyText({ sourceId, imageId, size }: ThumbKey): string {
  return `${sourceId}/${imageId}/${size}`;
}
