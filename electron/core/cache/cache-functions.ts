import type { Database } from 'better-sqlite3';
import { naturalKey } from '../../../shared/natural-key';

/**
 * SQL functions the cache's schema uses: `natural_key(name)` is in the natural name index
 * (browse-indexes.ts), so every connection that writes images or sorts by name must have it —
 * openCache and openReadOnlyCache register it. Deterministic, so SQLite may index it.
 */
export function registerCacheFunctions(db: Database): void {
  db.function('natural_key', { deterministic: true }, (name: unknown) => (typeof name === 'string' ? naturalKey(name) : name));
}
