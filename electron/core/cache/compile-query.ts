import { COLUMNS } from '../../../shared/columns';
import { LoupeError } from '../../../shared/errors';
import type { Clause, Filter, FilterNode, Query } from '../../../shared/query';
import { fieldSpecOf, META_PREFIX, type FieldSpec } from '../../../shared/query-fields';
import { checkClause, formatClause, parseQueryText } from '../../../shared/query-language';
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

/**
 * Compiles a Query to parameterised SQL over `images i`. Values are always bound;
 * the only identifiers in the SQL text come from the field list (shared/query-fields.ts) and
 * the sort columns (shared/columns.ts). Meta keys and tag names are values too (side tables),
 * so nothing the user types ever becomes SQL text. Semantics are documented per field type
 * below and mirrored by the plain-JS reference filter the property test compares against.
 */

export type QueryHints = {
  /** Free-text terms under 3 characters, searched as name prefixes rather than substrings. */
  prefix_terms: string[];
};

export type CompiledQuery = {
  /** `WHERE …` or '' */
  where: string;
  params: unknown[];
  /** The exact count of matches: `SELECT count(*) …`, index-only when the filter allows. */
  count: { sql: string; params: unknown[] };
  /** `ORDER BY …, i.row_id` — a total order. */
  orderBy: string;
  /** The filter actually applied: `query.filter` AND the parsed `query.text`. */
  filter: Filter;
  hints: QueryHints;
};

/**
 * A condition on `images i`. `set`, when present, is the same condition as a query of the
 * matching row ids that never touches `images` (side tables only): counts use it, since
 * looking up 80k random rows of a 1M-row table costs far more than reading an index.
 */
type Sql = { sql: string; params: unknown[]; set?: { sql: string; params: unknown[] } };
const TRUE: Sql = { sql: '1', params: [] };
const sql = (text: string, ...params: unknown[]): Sql => ({ sql: text, params });

/** Date text sorts below this character, so `x < V || '~'` means "x starts with V or is below". */
const DATE_CEILING = '~';

/** The filter a query means: its chips AND its text, parsed. */
export function resolveFilter(query: Pick<Query, 'text' | 'filter'>): Filter {
  const chips = query.filter ?? { op: 'and' as const, children: [] };
  const text = query.text.trim();
  if (!text) return chips;
  const parsed = parseQueryText(text);
  if (chips.children.length === 0) return parsed;
  if (parsed.children.length === 0) return chips;
  const asNode = (f: Filter): FilterNode => ({ type: 'group', ...f, negated: false, enabled: true });
  return { op: 'and', children: [asNode(chips), asNode(parsed)] };
}

export function compileQuery(query: Query): CompiledQuery {
  const filter = resolveFilter(query);
  const hints: QueryHints = { prefix_terms: [] };
  const where = compileGroup(filter.op, filter.children, hints);
  const whereSql = where.sql === '1' ? '' : `WHERE ${where.sql}`;
  return {
    where: whereSql,
    params: where.params,
    count: where.set
      ? { sql: `SELECT count(DISTINCT row_id) FROM (${where.set.sql})`, params: where.set.params }
      : { sql: `SELECT count(*) FROM images i ${whereSql}`, params: where.params },
    orderBy: compileOrder(query),
    filter,
    hints,
  };
}

/**
 * ORDER BY from the sort keys' allow-listed expressions, ending with the row id in the last
 * key's direction — so a descending sort is one backward walk of its index, no temp B-tree.
 */
export function compileOrder(query: Pick<Query, 'sort'>): string {
  const order: string[] = [];
  let dir = 'ASC';
  for (const s of query.sort) {
    const col = COLUMNS.find((c) => c.key === s.key);
    if (!col?.sortSql) throw new LoupeError('INVALID_INPUT', `Cannot sort by "${s.key}".`);
    dir = s.dir === 'desc' ? 'DESC' : 'ASC';
    for (const expr of col.sortSql) order.push(`${expr} ${dir}`);
  }
  order.push(`i.row_id ${dir}`);
  return `ORDER BY ${order.join(', ')}`;
}

function join(parts: Sql[], op: 'AND' | 'OR'): Sql {
  if (parts.length === 1) return parts[0] as Sql;
  const out: Sql = { sql: `(${parts.map((p) => p.sql).join(` ${op} `)})`, params: parts.flatMap((p) => p.params) };
  if (parts.every((p) => p.set)) {
    const sets = parts.map((p) => p.set as { sql: string; params: unknown[] });
    out.set = {
      sql: sets.map((x) => `SELECT row_id FROM (${x.sql})`).join(op === 'AND' ? ' INTERSECT ' : ' UNION '),
      params: sets.flatMap((x) => x.params),
    };
  }
  return out;
}

/** `i.row_id IN (subquery)`, which is also its own row-id set. */
function rowIdIn(subquery: string, ...params: unknown[]): Sql {
  return { sql: `i.row_id IN (${subquery})`, params, set: { sql: subquery, params } };
}

/** Switched-off children are left out; a group with nothing left matches everything. */
function compileGroup(op: 'and' | 'or', children: readonly FilterNode[], hints: QueryHints): Sql {
  const parts = children.filter((c) => c.enabled).map((c) => compileNode(c, hints));
  if (parts.length === 0) return TRUE;
  return join(parts, op === 'and' ? 'AND' : 'OR');
}

function compileNode(node: FilterNode, hints: QueryHints): Sql {
  const inner = node.type === 'group' ? compileGroup(node.op, node.children, hints) : compileClause(node, hints);
  // NULL (a missing value) counts as "no match", so NOT of it is a match.
  return node.negated ? { sql: `NOT coalesce(${inner.sql}, 0)`, params: inner.params } : inner;
}

function compileClause(c: Clause, hints: QueryHints): Sql {
  const problem = checkClause(c);
  if (problem) throw new LoupeError('INVALID_INPUT', `Query: ${problem}: ${formatClause(c)}`, { field: c.field });
  const spec = fieldSpecOf(c.field) as FieldSpec;
  const col = spec.column ? `i.${spec.column}` : '';
  switch (spec.type) {
    case 'text':
      return c.op === 'eq' ? freeText(c.value, hints) : TRUE;
    case 'string':
      return stringClause(col, c);
    case 'number':
      return numberClause(col, c);
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
      return {
        ...sql('i.hash IN (SELECT hash FROM dup_hashes)'),
        set: sql('SELECT row_id FROM images WHERE hash IN (SELECT hash FROM dup_hashes)'),
      };
    case 'snapshot':
      return sql(
        `i.row_id IN (SELECT j.row_id FROM saved_search_items s
           JOIN images j ON j.source_id = s.source_id AND j.id = s.image_id WHERE s.search_id = ?)`,
        c.op === 'eq' ? Number(c.value) : -1,
      );
  }
}

/** Free text: a substring of the name (a prefix under 3 characters), or all its words. */
function freeText(text: string, hints: QueryHints): Sql {
  const name = namePhrase(text);
  if (!name) return TRUE;
  if (name.prefix) hints.prefix_terms.push(text);
  const ws = words(text);
  const nameSql = 'SELECT rowid AS row_id FROM name_fts WHERE name_fts MATCH ?';
  if (ws.length === 0) return rowIdIn(nameSql, name.phrase);
  const wordQuery = ws.map((w) => `"${encodeWord(w)}"`).join(' ');
  return rowIdIn(`${nameSql} UNION SELECT rowid FROM word_fts WHERE word_fts MATCH ?`, name.phrase, wordQuery);
}

const CMP = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** A glob as an index range on its literal prefix plus GLOB; a plain value as equality. */
function textEquals(col: string, value: string): Sql {
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

function rangeParts(col: string, c: Extract<Clause, { op: 'range' }>, bind: (v: string) => unknown): Sql[] {
  const parts: Sql[] = [];
  if (c.min !== null) parts.push(sql(`${col} ${c.min_inclusive ? '>=' : '>'} ?`, bind(c.min)));
  if (c.max !== null) parts.push(sql(`${col} ${c.max_inclusive ? '<=' : '<'} ?`, bind(c.max)));
  return parts;
}

/** Text columns: exact or glob (case-sensitive), comparisons by codepoint. */
function stringClause(col: string, c: Clause): Sql {
  if (c.op === 'exists') return sql(`${col} IS NOT NULL`);
  if (c.op === 'eq') return textEquals(col, c.value);
  if (c.op === 'range') {
    const parts = rangeParts(col, c, (v) => v);
    return parts.length ? join(parts, 'AND') : sql(`${col} IS NOT NULL`);
  }
  return sql(`${col} ${CMP[c.op]} ?`, c.value);
}

function numberClause(col: string, c: Clause): Sql {
  if (c.op === 'exists') return sql(`${col} IS NOT NULL`);
  if (c.op === 'range') {
    const parts = rangeParts(col, c, (v) => parseNumber(v));
    return parts.length ? join(parts, 'AND') : sql(`${col} IS NOT NULL`);
  }
  return sql(`${col} ${c.op === 'eq' ? '=' : CMP[c.op]} ?`, parseNumber(c.value));
}

/**
 * Dates are ISO text compared by prefix: `created:2024-01` is January 2024, `created:>2024`
 * starts in 2025, `created:<=2024-02-01` includes that whole day. ISO characters all sort
 * below "~", so each form is one index range.
 */
function dateClause(col: string, c: Clause): Sql {
  if (c.op === 'exists') return sql(`${col} IS NOT NULL`);
  const ceil = (v: string) => v + DATE_CEILING;
  if (c.op === 'range') {
    const parts: Sql[] = [];
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
function mixedClause(col: string, c: Clause): Sql {
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
function valueEquals(col: string, value: string): Sql {
  if (isGlob(value)) return textEquals(col, value);
  const n = parseNumber(value);
  return n === null ? sql(`${col} = ?`, unescapeGlob(value)) : sql(`${col} IN (?, ?)`, n, value);
}

function tagClause(c: Clause): Sql {
  if (c.op === 'exists') return rowIdIn('SELECT row_id FROM image_tags');
  if (c.op !== 'eq') return TRUE;
  const parts = [textEquals('name', c.value)];
  if (c.tag_value !== undefined) parts.push(valueEquals('value', c.tag_value));
  const cond = join(parts, 'AND');
  return rowIdIn(`SELECT row_id FROM image_tags WHERE ${cond.sql}`, ...cond.params);
}

/**
 * meta.KEY: the key and value live in meta_values (key bound as a value). A number written in
 * the query compares with numbers, other text with text; numbers sort below all text there.
 */
function metaClause(key: string, c: Clause): Sql {
  const parts: Sql[] = [sql('key_id = (SELECT id FROM meta_keys WHERE key = ?)', key)];
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
  const cond = join(parts, 'AND');
  return rowIdIn(`SELECT row_id FROM meta_values WHERE ${cond.sql}`, ...cond.params);
}

/** dataset:PATH is the dataset and everything below it; with a wildcard, a glob on the path. */
function datasetClause(c: Clause): Sql {
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
function sourceClause(c: Clause): Sql {
  if (c.op === 'exists') return TRUE;
  if (c.op !== 'eq') return TRUE;
  const label = textEquals('label', c.value);
  const uri = textEquals('uri', c.value);
  const id = parseNumber(c.value);
  return {
    sql: `i.source_id IN (SELECT id FROM sources WHERE ${label.sql} OR ${uri.sql} OR id = ?)`,
    params: [...label.params, ...uri.params, id],
  };
}

function hasClause(what: string): Sql {
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
