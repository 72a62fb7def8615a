import { LoupeError } from '../../../shared/errors';
import { querySchema, type Query } from '../../../shared/query';
import { formatFilter } from '../../../shared/query-language';
import type { SavedSearch } from '../../../shared/search';
import type { Db } from './open-cache';
import { compileQuery, resolveFilter } from './compile-query';
import { prepared } from './statement-cache';

type Row = Omit<SavedSearch, 'query'> & { query: string };

function toSaved(r: Row): SavedSearch {
  return { ...r, query: querySchema.parse(JSON.parse(r.query)) };
}

/** Saved searches, newest first. */
export function listSavedSearches(db: Db): SavedSearch[] {
  return (prepared(db, 'SELECT * FROM saved_searches ORDER BY updated_at DESC, id DESC').all() as Row[]).map(toSaved);
}

/**
 * Saves a search. Live: the query (chips and text folded into one filter) with its sort and
 * columns. Snapshot: the matching records' stable keys (source, image id) at this moment, and
 * a query `snapshot:ID` that shows exactly them later.
 */
export function saveSearch(
  db: Db,
  req: { name: string; kind: 'live' | 'snapshot'; query: Query; overwrite: boolean },
): SavedSearch {
  const now = new Date().toISOString();
  const filter = resolveFilter(req.query);
  return db.transaction(() => {
    const existing = prepared(db, 'SELECT id FROM saved_searches WHERE name = ?', 'pluck').get(req.name) as number | undefined;
    if (existing !== undefined && !req.overwrite) {
      throw new LoupeError('INVALID_INPUT', `A saved search named "${req.name}" already exists.`, { field: 'name' });
    }
    if (existing !== undefined) prepared(db, 'DELETE FROM saved_searches WHERE id = ?').run(existing);
    const base = savable({ text: '', filter, sort: req.query.sort, ...(req.query.columns ? { columns: req.query.columns } : {}) });
    const id = prepared(
      db,
      `INSERT INTO saved_searches (name, kind, query, text, count, created_at, updated_at)
       VALUES (?, ?, ?, ?, NULL, ?, ?) RETURNING id`,
      'pluck',
    ).get(req.name, req.kind, JSON.stringify(base), formatFilter(filter), now, now) as number;
    let stored = base;
    let count: number;
    if (req.kind === 'snapshot') {
      const { where, params } = compileQuery(base);
      count = prepared(
        db,
        `INSERT INTO saved_search_items (search_id, source_id, image_id)
         SELECT ?, i.source_id, i.id FROM images i ${where}`,
      ).run(id, ...params).changes;
      stored = {
        ...base,
        filter: { op: 'and', children: [{ type: 'clause', field: 'snapshot', op: 'eq', value: String(id), negated: false, enabled: true }] },
      };
    } else {
      const { count: counted } = compileQuery(base);
      count = prepared(db, counted.sql, 'pluck').get(...counted.params) as number;
    }
    prepared(db, 'UPDATE saved_searches SET query = ?, text = ?, count = ? WHERE id = ?').run(
      JSON.stringify(stored),
      formatFilter(stored.filter ?? { op: 'and', children: [] }),
      count,
      id,
    );
    return toSaved(prepared(db, 'SELECT * FROM saved_searches WHERE id = ?').get(id) as Row);
    // Immediate: the write lock is taken (waiting for a job's commit) before the first read, so
    // the read cannot go stale under another writer and fail the save with SQLITE_BUSY_SNAPSHOT.
  }).immediate();
}

/**
 * A saved search holds its query as a filter (chips and text folded together), and what it
 * holds must read back through the one query schema. A text query may parse to more than a
 * filter may hold (more words than a group's children, a longer value): say which limit.
 */
function savable(query: Query): Query {
  const parsed = querySchema.safeParse(query);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'query'}: ${i.message}`);
  throw new LoupeError('INVALID_INPUT', `This search cannot be saved: ${issues.join('; ')}`, { field: 'query', issues });
}

export function deleteSavedSearch(db: Db, id: number): boolean {
  return prepared(db, 'DELETE FROM saved_searches WHERE id = ?').run(id).changes > 0;
}
