import type { ImageTag } from '../../../shared/image-info';
import { encodeWord, flattenMeta, nameIndexText, words, type MetaScalar } from '../../../shared/search-text';
import type { Db } from './open-cache';

/**
 * What one record contributes to the search side tables, derived by pure rules shared with
 * the plain-JS reference filter: the folded name, the words, the tags by name, the flattened
 * meta values.
 */

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

/**
 * Derives the search rows of one record: the folded name, the words of the description, tag
 * names and text meta values, the tags by name, the flattened meta values (each distinct
 * key/value once). Pure: the reference filter relies on the same rules.
 */
export function deriveSearchRows(rec: SearchableRecord, sourceId: number, tagName: TagNamer): DerivedRows {
  const tags = (rec.tags ?? []).map((t) => ({ name: tagName(sourceId, t), value: t.value ?? null }));
  let meta = flattenMeta(rec.meta);
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
  if (rec.description) add(rec.description);
  for (const t of tags) add(t.name);
  const keys = new Set<string>();
  let repeated = false;
  for (const [k, v] of meta) {
    if (typeof v === 'string') add(v);
    if (keys.has(k)) repeated = true;
    keys.add(k);
  }
  if (repeated) {
    // Arrays repeat a key; keep each (key, value) once.
    const pairs = new Set<string>();
    meta = meta.filter(([k, v]) => {
      const id = `${k}\u0000${typeof v}\u0000${String(v)}`;
      if (pairs.has(id)) return false;
      pairs.add(id);
      return true;
    });
  }
  return { name: nameIndexText(rec.name), words: wordList.join(' '), tags, meta };
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

/** The one rule for a tag's display name. */
export function resolveTagName(metas: ReadonlyMap<number, string> | undefined, tag: ImageTag): string {
  if (tag.name) return tag.name;
  if (tag.tagId === undefined) return '(unnamed tag)';
  return metas?.get(tag.tagId) ?? `tag #${tag.tagId}`;
}
