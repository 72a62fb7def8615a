import { LoupeError } from '../../../shared/errors';
import type { Clause } from '../../../shared/query';
import { fieldSpecOf, META_PREFIX, type FieldSpec } from '../../../shared/query-fields';
import { checkClause, formatClause } from '../../../shared/query-language';
import {
  encodeWord,
  globPrefix,
  globPrefixIsExact,
  GLOB_UNSAFE,
  isGlob,
  namePhrase,
  parseNumber,
  prefixSuccessor,
  toSqliteGlob,
  unescapeGlob,
  words,
} from '../../../shared/search-text';
import type { CheckId } from '../../../shared/quality-checks';
import { checkCond } from './quality-check-sql';
import { join, renderCond, rowIdIn, sql, TRUE, type Compare, type Cond } from './sql-parts';
import { columnOfRow } from './image-docs';

/**
 * One clause of a filter as a condition on `images i`, per field type. Values are always
 * bound; the only identifiers in the SQL text come from the field list (shared/query-fields.ts).
 * Meta keys and tag names are values too (side tables). The semantics are documented per type
 * below and mirrored by the plain-JS reference filter the property test compares against.
 */

export type QueryHints = {
  /** Free-text terms under 3 characters, searched as name prefixes rather than substrings. */
  prefix_terms: string[];
};

/** Date text sorts below this character, so `x < V || '~'` means "x starts with V or is below". */
const DATE_CEILING = '~';

export function compileClause(c: Clause, hints: QueryHints): Cond {
  const problem = checkClause(c);
  if (problem) throw new LoupeError('INVALID_INPUT', `Query: ${problem}: ${formatClause(c)}`, { field: c.field });
  const spec = fieldSpecOf(c.field) as FieldSpec;
  // A column from the field list, or a computed value's expression from it (megapixels, aspect).
  const col = spec.column ? columnOfRow(spec.column) : spec.expr ? `(${spec.expr})` : '';
  switch (spec.type) {
    case 'text':
      return c.op === 'eq' ? freeText(c.value, hints) : TRUE;
    case 'string':
      return stringClause(col, c);
    case 'number':
      return numberClause(col, spec.column ?? spec.name, c);
    case 'date':
      return dateClause(col, c);
    case 'mixed':
      return mixedClause(col, c);
    case 'tag':
      return tagClause(c);
    case 'meta':
      return metaClause(c.field.slice(META_PREFIX.length), c);
    case 'dataset':
      return datasetClause(c);
    case 'source':
      return sourceClause(c);
    case 'has':
      return hasClause(c.op === 'eq' ? c.value : '');
    case 'is':
      // checkClause above accepted the value: an `eq` of one of IS_VALUES, the check ids.
      return checkCond(c.op === 'eq' ? (c.value as CheckId) : 'duplicate');
    case 'snapshot':
      // Not countable: the set reads images itself, so a count gains nothing from it.
      return {
        kind: 'rowIdIn',
        sub: {
          sql: `SELECT j.row_id FROM saved_search_items s
           JOIN images j ON j.source_id = s.source_id AND j.id = s.image_id WHERE s.search_id = ?`,
          params: [c.op === 'eq' ? Number(c.value) : -1],
        },
        countable: false,
      };
  }
}

/** Free text: a substring of the name (a prefix under 3 characters), or all its words. */
function freeText(text: string, hints: QueryHints): Cond {
  const name = namePhrase(text);
  if (!name) return TRUE;
  if (name.prefix) hints.prefix_terms.push(text);
  const ws = words(text);
  const wordQuery = ws.length ? ws.map((w) => `"${encodeWord(w)}"`).join(' ') : null;
  return { ...ftsRowIds(name.phrase, wordQuery), fts: { name: name.phrase, words: wordQuery } };
}

/** The rows whose name matches `name` or whose words match `wordQuery` (FTS5 query syntax). */
export function ftsRowIds(name: string, wordQuery: string | null): Cond & { kind: 'rowIdIn' } {
  const nameSql = 'SELECT rowid AS row_id FROM name_fts WHERE name_fts MATCH ?';
  if (wordQuery === null) return { kind: 'rowIdIn', sub: { sql: nameSql, params: [name] }, countable: true };
  return {
    kind: 'rowIdIn',
    sub: { sql: `${nameSql} UNION SELECT rowid FROM word_fts WHERE word_fts MATCH ?`, params: [name, wordQuery] },
    countable: true,
  };
}

const CMP = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** A glob as an index range on its literal prefix plus GLOB; a plain value as equality. */
function textEquals(col: string, value: string): Cond {
  if (!isGlob(value)) return sql(`${col} = ?`, unescapeGlob(value));
  // Values and patterns with NUL, U+FFFE or U+FFFF never match a glob (GLOB_UNSAFE).
  if (GLOB_UNSAFE.test(value)) return sql('0');
  const prefix = globPrefix(value);
  const blob = `CAST(${col} AS BLOB)`;
  const parts = [
    sql(`${col} GLOB ?`, toSqliteGlob(value)),
    sql(`instr(${blob}, x'00') = 0 AND instr(${blob}, x'efbfbe') = 0 AND instr(${blob}, x'efbfbf') = 0`),
  ];
  if (prefix && globPrefixIsExact(prefix)) {
    parts.unshift(sql(`${col} >= ?`, prefix));
    const next = prefixSuccessor(prefix);
    if (next !== null) parts.splice(1, 0, sql(`${col} < ?`, next));
  } else parts.unshift(sql(`${col} >= ''`));
  return join(parts, 'AND');
}

function rangeParts(col: string, c: Extract<Clause, { op: 'range' }>, bind: (v: string) => unknown): Cond[] {
  const parts: Cond[] = [];
  if (c.min !== null) parts.push(sql(`${col} ${c.min_inclusive ? '>=' : '>'} ?`, bind(c.min)));
  if (c.max !== null) parts.push(sql(`${col} ${c.max_inclusive ? '<=' : '<'} ?`, bind(c.max)));
  return parts;
}

/** Text columns: exact or glob (case-sensitive), comparisons by codepoint. */
function stringClause(col: string, c: Clause): Cond {
  if (c.op === 'exists') return sql(`${col} IS NOT NULL`);
  if (c.op === 'eq') return textEquals(col, c.value);
  if (c.op === 'range') {
    const parts = rangeParts(col, c, (v) => v);
    return parts.length ? join(parts, 'AND') : sql(`${col} IS NOT NULL`);
  }
  return sql(`${col} ${CMP[c.op]} ?`, c.value);
}

/** `col OP bound`, saying so (Compare) for the facet store, which evaluates it over its own copy of the values. */
function compareNumber(col: string, value: string, op: Compare['op'], bound: number | null): Cond {
  return { ...sql(`${col} ${op} ?`, bound), ...(bound === null ? {} : { compare: { value, op, bound } }) };
}

/** `value` names the number: a column, or a computed query field (mp, aspect). */
function numberClause(col: string, value: string, c: Clause): Cond {
  if (c.op === 'exists') return sql(`${col} IS NOT NULL`);
  if (c.op === 'range') {
    const parts: Cond[] = [];
    if (c.min !== null) parts.push(compareNumber(col, value, c.min_inclusive ? '>=' : '>', parseNumber(c.min)));
    if (c.max !== null) parts.push(compareNumber(col, value, c.max_inclusive ? '<=' : '<', parseNumber(c.max)));
    return parts.length ? join(parts, 'AND') : sql(`${col} IS NOT NULL`);
  }
  return compareNumber(col, value, c.op === 'eq' ? '=' : CMP[c.op], parseNumber(c.value));
}

/**
 * Dates are ISO text compared by prefix: `created:2024-01` is January 2024, `created:>2024`
 * starts in 2025, `created:<=2024-02-01` includes that whole day. ISO characters all sort
 * below "~", so each form is one index range.
 */
function dateClause(col: string, c: Clause): Cond {
  if (c.op === 'exists') return sql(`${col} IS NOT NULL`);
  const ceil = (v: string) => v + DATE_CEILING;
  if (c.op === 'range') {
    const parts: Cond[] = [];
    if (c.min !== null) parts.push(c.min_inclusive ? sql(`${col} >= ?`, c.min) : sql(`${col} > ?`, ceil(c.min)));
    if (c.max !== null) parts.push(c.max_inclusive ? sql(`${col} < ?`, ceil(c.max)) : sql(`${col} < ?`, c.max));
    return parts.length ? join(parts, 'AND') : sql(`${col} IS NOT NULL`);
  }
  switch (c.op) {
    case 'eq':
      return sql(`(${col} >= ? AND ${col} < ?)`, c.value, ceil(c.value));
    case 'gt':
      return sql(`${col} > ?`, ceil(c.value));
    case 'gte':
      return sql(`${col} >= ?`, c.value);
    case 'lt':
      return sql(`${col} < ?`, c.value);
    case 'lte':
      return sql(`${col} < ?`, ceil(c.value));
  }
}

/** created_by holds a login (text) or a user id (number): `author:42` finds either. */
function mixedClause(col: string, c: Clause): Cond {
  if (c.op === 'exists') return sql(`${col} IS NOT NULL`);
  if (c.op === 'eq') {
    if (isGlob(c.value)) return textEquals(col, c.value);
    const n = parseNumber(c.value);
    return n === null ? sql(`${col} = ?`, unescapeGlob(c.value)) : sql(`${col} IN (?, ?)`, c.value, n);
  }
  const typed = sql(`typeof(${col}) = 'text'`);
  if (c.op === 'range') return join([typed, ...rangeParts(col, c, (v) => v)], 'AND');
  return join([typed, sql(`${col} ${CMP[c.op]} ?`, c.value)], 'AND');
}

/** A value in a side table (tag value, meta value): numbers numerically, text exactly or by glob. */
function valueEquals(col: string, value: string): Cond {
  if (isGlob(value)) return textEquals(col, value);
  const n = parseNumber(value);
  return n === null ? sql(`${col} = ?`, unescapeGlob(value)) : sql(`${col} IN (?, ?)`, n, value);
}

function tagClause(c: Clause): Cond {
  if (c.op === 'exists') return rowIdIn('SELECT row_id FROM image_tags');
  if (c.op !== 'eq') return TRUE;
  const parts = [textEquals('name', c.value)];
  if (c.tag_value !== undefined) parts.push(valueEquals('value', c.tag_value));
  const cond = renderCond(join(parts, 'AND'));
  return rowIdIn(`SELECT row_id FROM image_tags WHERE ${cond.sql}`, ...cond.params);
}

/**
 * meta.KEY: the key and value live in meta_values (key bound as a value). A number written in
 * the query compares with numbers, other text with text; numbers sort below all text there.
 */
function metaClause(key: string, c: Clause): Cond {
  const parts: Cond[] = [sql('key_id = (SELECT id FROM meta_keys WHERE key = ?)', key)];
  if (c.op === 'eq') parts.push(valueEquals('v', c.value));
  else if (c.op === 'range') {
    const bounds = [c.min, c.max].filter((b): b is string => b !== null);
    if (bounds.length === 0) parts.push(sql('v IS NOT NULL'));
    else if (bounds.every((b) => parseNumber(b) !== null)) {
      parts.push(...rangeParts('v', c, (v) => parseNumber(v)));
      if (c.max === null) parts.push(sql("v < ''"));
    } else {
      parts.push(...rangeParts('v', c, (v) => v));
      if (c.min === null) parts.push(sql("v >= ''"));
    }
  } else if (c.op !== 'exists') {
    const n = parseNumber(c.value);
    const below = c.op === 'lt' || c.op === 'lte';
    if (n !== null) {
      parts.push(sql(`v ${CMP[c.op]} ?`, n));
      if (!below) parts.push(sql("v < ''"));
    } else {
      parts.push(sql(`v ${CMP[c.op]} ?`, c.value));
      if (below) parts.push(sql("v >= ''"));
    }
  }
  const cond = renderCond(join(parts, 'AND'));
  return rowIdIn(`SELECT row_id FROM meta_values WHERE ${cond.sql}`, ...cond.params);
}

/** dataset:PATH is the dataset and everything below it; with a wildcard, a glob on the path. */
function datasetClause(c: Clause): Cond {
  const col = 'i.dataset_path';
  if (c.op === 'exists') return sql(`${col} IS NOT NULL`);
  if (c.op !== 'eq') return TRUE;
  if (isGlob(c.value)) return textEquals(col, c.value);
  const path = unescapeGlob(c.value);
  const below = `${path}/`;
  const next = prefixSuccessor(below) as string;
  return sql(`(${col} = ? OR (${col} >= ? AND ${col} < ?))`, path, below, next);
}

/** source: by label, uri (exact or glob) or id. */
function sourceClause(c: Clause): Cond {
  if (c.op === 'exists') return TRUE;
  if (c.op !== 'eq') return TRUE;
  const label = renderCond(textEquals('label', c.value));
  const uri = renderCond(textEquals('uri', c.value));
  const id = parseNumber(c.value);
  return sql(`i.source_id IN (SELECT id FROM sources WHERE ${label.sql} OR ${uri.sql} OR id = ?)`, ...label.params, ...uri.params, id);
}

function hasClause(what: string): Cond {
  switch (what) {
    case 'link':
    case 'hash':
    case 'description':
      return sql(`(i.${what} IS NOT NULL AND i.${what} != '')`);
    case 'tags':
      return rowIdIn('SELECT row_id FROM image_tags');
    case 'meta':
      return rowIdIn('SELECT row_id FROM meta_values');
    default:
      throw new LoupeError('INVALID_INPUT', `Query: has: cannot take "${what}".`);
  }
}
