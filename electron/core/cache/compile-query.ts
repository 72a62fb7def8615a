import { sortSqlOf } from '../../../shared/columns';
import { isMetaColumn, metaKeyOf } from '../../../shared/view-columns';
import { metaOrderTerms } from './meta-sort';
import { LoupeError } from '../../../shared/errors';
import { MAX_QUERY_TERMS, type Filter, type FilterNode, type Query } from '../../../shared/query';
import { parseQueryText } from '../../../shared/query-language';
import { compileClause, ftsRowIds, type QueryHints } from './compile-clauses';
import {
  join,
  renderCond,
  orderParams,
  renderOrder,
  renderWhere,
  rowIdSet,
  TRUE,
  isTrue,
  type Cond,
  type Fragment,
  type OrderTerm,
} from './sql-parts';

export type { QueryHints } from './compile-clauses';

/**
 * Compiles a Query into the parts of a parameterised SELECT over `images i`: the filter as a
 * condition tree (sql-parts.ts), the order as terms. Callers compose them with renderWhere /
 * renderOrder; `where`, `params`, `orderBy` and `count` are those parts already rendered for
 * the plain case. Values are always bound; identifiers come from allow-lists only.
 */
export type CompiledQuery = {
  /** The filter as a condition; TRUE when it matches everything. */
  cond: Cond;
  /** ORDER BY terms, ending with the row id in the last key's direction — a total order. */
  order: OrderTerm[];
  /** `WHERE …` or '' */
  where: string;
  params: unknown[];
  /** The exact count of matches: `SELECT count(*) …`, index-only when the filter allows. */
  count: Fragment;
  /** `ORDER BY …, i.row_id` */
  orderBy: string;
  /** Values bound by `orderBy` (a meta sort's key), after `params`. */
  orderParams: unknown[];
  /** The filter actually applied: `query.filter` AND the parsed `query.text`. */
  filter: Filter;
  hints: QueryHints;
};

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
  checkTermCount(filter);
  const hints: QueryHints = { prefix_terms: [] };
  const cond = compileGroup(filter.op, filter.children, hints);
  const where = renderWhere([cond]);
  const set = rowIdSet(cond);
  const order = orderTerms(query);
  return {
    cond,
    order,
    where: where.sql,
    params: where.params,
    count:
      set && !isTrue(cond)
        ? { sql: `SELECT count(DISTINCT row_id) FROM (${set.sql})`, params: set.params }
        : { sql: `SELECT count(*) FROM images i ${where.sql}`, params: where.params },
    orderBy: renderOrder(order),
    orderParams: orderParams(order),
    filter,
    hints,
  };
}

/**
 * A query's size is capped well below SQLite's own limits (expression depth 1000, 500 terms in
 * a compound SELECT), so every path that compiles a query — app, export, CLI — refuses the same
 * queries with the same clear error instead of failing inside SQLite.
 */
function checkTermCount(filter: Filter): void {
  let n = 0;
  const stack: FilterNode[] = [...filter.children];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'group') stack.push(...node.children);
    else n++;
  }
  if (n > MAX_QUERY_TERMS) {
    throw new LoupeError('INVALID_INPUT', `Query: too many terms: a query may have at most ${MAX_QUERY_TERMS} terms, this one has ${n}.`, {
      field: 'query',
      issues: [`query: at most ${MAX_QUERY_TERMS} terms`],
    });
  }
}

/** The sort keys' allow-listed expressions, then the row id in the last key's direction. */
export function orderTerms(query: Pick<Query, 'sort'>): OrderTerm[] {
  const order: OrderTerm[] = [];
  let desc = false;
  for (const s of query.sort) {
    if (isMetaColumn(s.key)) {
      desc = s.dir === 'desc';
      order.push(...metaOrderTerms(metaKeyOf(s.key), desc));
      continue;
    }
    const exprs = sortSqlOf(s.key);
    if (!exprs) throw new LoupeError('INVALID_INPUT', `Cannot sort by "${s.key}".`);
    desc = s.dir === 'desc';
    for (const expr of exprs) order.push({ expr, desc });
  }
  order.push({ expr: 'i.row_id', desc });
  return order;
}


/** Switched-off children are left out; a group with nothing left matches everything. */
function compileGroup(op: 'and' | 'or', children: readonly FilterNode[], hints: QueryHints): Cond {
  const parts = children.filter((c) => c.enabled).map((c) => compileNode(c, hints));
  if (parts.length === 0) return TRUE;
  const distinct = unique(parts);
  return join(op === 'and' ? mergeNegations(distinct) : distinct, op === 'and' ? 'AND' : 'OR');
}

function compileNode(node: FilterNode, hints: QueryHints): Cond {
  const inner = node.type === 'group' ? compileGroup(node.op, node.children, hints) : compileClause(node, hints);
  return node.negated ? { kind: 'not', inner } : inner;
}

/** Repeating a part of an AND or an OR changes nothing but its cost. */
function unique(parts: Cond[]): Cond[] {
  const seen = new Set<string>();
  return parts.filter((p) => {
    const r = renderCond(p);
    const key = JSON.stringify([r.sql, r.params]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `-a -b -c` is NOT (a OR b OR c): the negated row-id sets of an AND become one NOT IN over
 * their union, and the negated free-text terms among them one full-text MATCH per index. Each
 * negated set of its own would be materialised and probed row by row, so N of them cost N scans.
 */
function mergeNegations(parts: Cond[]): Cond[] {
  const negatedSets = parts.filter((p): p is Cond & { kind: 'not' } => p.kind === 'not' && rowIdSet(p.inner) !== null);
  if (negatedSets.length < 2) return parts;
  const rest = parts.filter((p) => !negatedSets.includes(p as Cond & { kind: 'not' }));
  const fts = negatedSets.flatMap((p) => (p.inner.kind === 'rowIdIn' && p.inner.fts ? [p.inner.fts] : []));
  const sets: Fragment[] = negatedSets
    .filter((p) => !(p.inner.kind === 'rowIdIn' && p.inner.fts))
    .map((p) => rowIdSet(p.inner) as Fragment);
  if (fts.length) {
    const names = [...new Set(fts.map((t) => t.name))].join(' OR ');
    const wordQueries = [...new Set(fts.flatMap((t) => (t.words === null ? [] : [`(${t.words})`])))];
    sets.unshift(ftsRowIds(names, wordQueries.length ? wordQueries.join(' OR ') : null).sub);
  }
  const union: Fragment = {
    sql: sets.map((s) => `SELECT row_id FROM (${s.sql})`).join(' UNION '),
    params: sets.flatMap((s) => s.params),
  };
  return [...rest, { kind: 'not', inner: { kind: 'rowIdIn', sub: union, countable: true } }];
}

/** ORDER BY text for a sort (a descending sort is one backward walk of its index). */
export function compileOrder(query: Pick<Query, 'sort'>): string {
  return renderOrder(orderTerms(query));
}
