import { querySchema } from '../shared/query';
import { compileQuery } from '../electron/core/cache/compile-query';
import type { Db } from '../electron/core/cache/open-cache';

/** How many records a query matches, through the search side tables. */
export function matches(db: Db, text: string): number {
  const { where, params } = compileQuery(querySchema.parse({ text }));
  return db
    .prepare(`SELECT count(*) FROM images i ${where}`)
    .pluck()
    .get(...params) as number;
}

/** Everything derived from `images`, in a comparable form. */
export function derivedState(db: Db) {
  const all = (sql: string) => db.prepare(sql).raw().all();
  return {
    tags: all('SELECT row_id, name, value FROM image_tags ORDER BY 1, 2, 3'),
    meta: all(
      'SELECT m.row_id, k.key, m.v FROM meta_values m JOIN meta_keys k ON k.id = m.key_id ORDER BY 1, 2, 3',
    ),
    keys: all('SELECT key, count FROM meta_keys WHERE count > 0 ORDER BY key'),
    dups: all('SELECT hash FROM dup_hashes ORDER BY hash'),
    names: ['img_', 'cam-0', 'jpg', 'png', 'renamed'].map((t) => matches(db, t)),
    words: ['review', 'kraków', 'horizon', 'rewritten', 'retagged'].map((t) => matches(db, t)),
  };
}
