import { FIELDS } from '../../../shared/query-fields';
import type { Catalogue, MetaKey } from '../../../shared/search';
import type { Db } from './open-cache';
import { countWholeCache, facetCountsStale } from './facet-counts';
import { facetSpecs, type FacetSpec } from './facets';

const MAX_META_KEYS = 1000;
const MAX_TAGS = 1000;

/** The inferred type of a meta key from its value counts. */
export function metaKeyType(r: { numbers: number; strings: number; booleans: number; nulls: number }): MetaKey['type'] {
  const kinds = (['numbers', 'strings', 'booleans'] as const).filter((k) => r[k] > 0);
  if (kinds.length === 0) return 'null';
  if (kinds.length > 1) return 'mixed';
  return kinds[0] === 'numbers' ? 'number' : kinds[0] === 'strings' ? 'string' : 'boolean';
}

export function listMetaKeys(db: Db, limit = MAX_META_KEYS): MetaKey[] {
  const rows = db
    .prepare('SELECT key, count, numbers, strings, booleans, nulls FROM meta_keys WHERE count > 0 ORDER BY count DESC, key LIMIT ?')
    .all(limit) as { key: string; count: number; numbers: number; strings: number; booleans: number; nulls: number }[];
  return rows.map((r) => ({ key: r.key, type: metaKeyType(r), count: r.count }));
}

/**
 * Tag names by use, counted now: right after an import or sync the stored counts lag until the
 * facet service recounts them, and a tag the import brought must be offered at once.
 */
function tagCountsNow(db: Db): { name: string; count: number }[] {
  const [spec] = facetSpecs(['tag'], []);
  return [...countWholeCache(db, spec as FacetSpec)]
    .filter((e): e is [string, number] => typeof e[0] === 'string')
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, MAX_TAGS)
    .map(([name, count]) => ({ name, count }));
}

/**
 * Everything type-ahead and "add a facet" need: the language's fields, the meta keys with
 * their types and counts, tag names by use, dataset paths and sources. All from small tables.
 */
export function getCatalogue(db: Db): Catalogue {
  const tags = facetCountsStale(db)
    ? tagCountsNow(db)
    : (db
        .prepare("SELECT value AS name, count FROM facet_counts WHERE facet = 'tag' AND typeof(value) = 'text' ORDER BY count DESC LIMIT ?")
        .all(MAX_TAGS) as { name: string; count: number }[]);
  return {
    fields: FIELDS.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      aliases: [...(f.aliases ?? [])],
      values: [...(f.values ?? [])],
    })),
    meta_keys: listMetaKeys(db),
    tag_names: tags,
    dataset_paths: db.prepare('SELECT DISTINCT path FROM datasets ORDER BY path').pluck().all() as string[],
    sources: db.prepare('SELECT id, label FROM sources ORDER BY id').all() as { id: number; label: string }[],
  };
}
