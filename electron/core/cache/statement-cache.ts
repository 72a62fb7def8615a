import type { Statement } from 'better-sqlite3';
import type { Db } from './open-cache';

/**
 * Statements prepared once per connection: preparing parses and plans the SQL again on every
 * call. A statement's result mode (rows, pluck, raw) is part of the key, since better-sqlite3
 * keeps the mode on the statement. Bounded, least recently used first out: compiled queries
 * bring SQL texts without end.
 */
export type RowMode = 'rows' | 'pluck' | 'raw';

const MAX_STATEMENTS = 200;
const caches = new WeakMap<Db, Map<string, Statement>>();

export function prepared(db: Db, sql: string, mode: RowMode = 'rows'): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const key = `${mode}\u0000${sql}`;
  let stmt = cache.get(key);
  if (stmt) {
    cache.delete(key);
  } else {
    stmt = db.prepare(sql);
    if (mode === 'pluck') stmt.pluck();
    else if (mode === 'raw' && stmt.reader) stmt.raw();
  }
  cache.set(key, stmt);
  if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
  return stmt;
}
