import { HAS_VALUES, IS_VALUES } from './derived-fields';
import type { FieldType } from './field-entry';
import { FIELD_LISTS, type QueryField } from './field-lists';

export type { FieldType };
export type FieldSpec = QueryField;
export { HAS_VALUES, IS_VALUES };

/**
 * Every field the query language knows: its canonical name (what the formatter writes and a
 * chip stores), its aliases (what the parser also accepts), its value type, and a label for
 * chips (derived from the field catalogue). The compiler maps these — and nothing the user
 * typed — to SQL.
 */
export const FIELDS: readonly FieldSpec[] = FIELD_LISTS.queryFields;

/** The prefix of a meta field: `meta.camera`. */
export const META_PREFIX = 'meta.';
/** The implicit field of a bare word. */
export const TEXT_FIELD = 'text';

const BY_NAME = new Map<string, FieldSpec>();
for (const f of FIELDS) {
  BY_NAME.set(f.name, f);
  for (const a of f.aliases ?? []) BY_NAME.set(a, f);
}

/** The field spec for a name or alias (not meta.*), or undefined. */
export function fieldByName(name: string): FieldSpec | undefined {
  return BY_NAME.get(name);
}

/** The spec that governs a chip's canonical field, meta and free text included. */
export function fieldSpecOf(field: string): FieldSpec | undefined {
  if (field === TEXT_FIELD) return { name: TEXT_FIELD, type: 'text', label: 'Text', indexed: true };
  if (field.startsWith(META_PREFIX) && field.length > META_PREFIX.length) {
    return { name: field, type: 'meta', label: field, indexed: true };
  }
  const f = BY_NAME.get(field);
  return f && f.name === field ? f : undefined;
}

/** Every name the parser accepts, for suggestions and type-ahead. */
export function knownFieldNames(): string[] {
  return [...BY_NAME.keys(), 'meta'];
}

/** Edit distance, case-insensitive, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[y.length] as number;
}

/** The nearest of `candidates` to `word`, when it is close enough to be a plausible typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD || (d === bestD && best !== undefined && c.length < best.length)) {
      best = c;
      bestD = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}
