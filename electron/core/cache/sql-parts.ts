/**
 * The parts a compiled query is made of, and the one place they become SQL text. The compiler
 * builds conditions as data; a caller that needs the same filter in another shape (a view that
 * walks its sort index, an export narrowed to a selection, a backward read) asks for it through
 * the render options instead of editing SQL text.
 */

/** A fragment of SQL with the values it binds, in order. */
export type Fragment = { sql: string; params: unknown[] };

/**
 * A condition on `images i`:
 * - `sql`: a plain condition; `set`, when present, is the same condition as a query of the
 *   matching row ids that never touches `images` (side tables only) — counts use it, since
 *   looking up 80k random rows of a 1M-row table costs far more than reading an index;
 * - `rowIdIn`: `i.row_id IN (sub)`; `countable` says `sub` may stand for the matches in a count;
 * - `and` / `or` of parts; `not`: a missing value (NULL) counts as "no match", so NOT of it
 *   is a match.
 */
export type Cond =
  | { kind: 'sql'; sql: string; params: unknown[]; set?: Fragment; compare?: Compare }
  | { kind: 'rowIdIn'; sub: Fragment; countable: boolean; fts?: FtsTerm }
  | { kind: 'and' | 'or'; parts: Cond[] }
  | { kind: 'not'; inner: Cond };

/**
 * The same condition as a comparison of a number with a bound value: `value` is a catalogue
 * column (`width`) or a computed query field (`mp`), NULL never matching. For evaluators that
 * hold the values in memory (the facet store); SQLite runs `sql`.
 */
export type Compare = { value: string; op: '=' | '>' | '>=' | '<' | '<='; bound: number };

/** A free-text term as its full-text phrases, so several terms can share one MATCH. */
export type FtsTerm = { name: string; words: string | null };

export const TRUE: Cond = { kind: 'sql', sql: '1', params: [] };

export const sql = (text: string, ...params: unknown[]): Cond => ({ kind: 'sql', sql: text, params });

export const isTrue = (c: Cond): boolean => c.kind === 'sql' && c.sql === '1' && c.params.length === 0;

/** `i.row_id IN (subquery)`, which is also its own row-id set. */
export function rowIdIn(subquery: string, ...params: unknown[]): Cond {
  return { kind: 'rowIdIn', sub: { sql: subquery, params }, countable: true };
}

/** AND / OR of parts; one part is itself. */
export function join(parts: Cond[], op: 'AND' | 'OR'): Cond {
  if (parts.length === 1) return parts[0] as Cond;
  return { kind: op === 'AND' ? 'and' : 'or', parts };
}

export type RenderOptions = {
  /**
   * false: row-id set conditions are written `+i.row_id IN (…)`, which keeps the planner from
   * looking rows up by row id, so that a walk of a sort index tests each row from the index
   * instead (what a view does when many rows match).
   */
  rowIdLookup: boolean;
};

const LOOKUP: RenderOptions = { rowIdLookup: true };

/** A condition as SQL text with its parameters. */
export function renderCond(c: Cond, opts: RenderOptions = LOOKUP): Fragment {
  switch (c.kind) {
    case 'sql':
      return { sql: c.sql, params: c.params };
    case 'rowIdIn':
      return { sql: `${opts.rowIdLookup ? '' : '+'}i.row_id IN (${c.sub.sql})`, params: c.sub.params };
    case 'and':
    case 'or': {
      const parts = c.parts.map((p) => renderCond(p, opts));
      return {
        sql: `(${parts.map((p) => p.sql).join(c.kind === 'and' ? ' AND ' : ' OR ')})`,
        params: parts.flatMap((p) => p.params),
      };
    }
    case 'not': {
      const inner = renderCond(c.inner, opts);
      return { sql: `NOT coalesce(${inner.sql}, 0)`, params: inner.params };
    }
  }
}

/** The condition as a query of matching row ids over side tables only, or null. */
export function rowIdSet(c: Cond): Fragment | null {
  switch (c.kind) {
    case 'sql':
      return c.set ?? null;
    case 'rowIdIn':
      return c.countable ? c.sub : null;
    case 'and':
    case 'or': {
      const sets: Fragment[] = [];
      for (const p of c.parts) {
        const s = rowIdSet(p);
        if (!s) return null;
        sets.push(s);
      }
      return {
        sql: sets.map((x) => `SELECT row_id FROM (${x.sql})`).join(c.kind === 'and' ? ' INTERSECT ' : ' UNION '),
        params: sets.flatMap((x) => x.params),
      };
    }
    case 'not':
      return null;
  }
}

/** `WHERE a AND b …`, or '' when there is nothing to test. */
export function renderWhere(conds: readonly Cond[], opts: RenderOptions = LOOKUP): Fragment {
  const active = conds.filter((c) => !isTrue(c));
  if (active.length === 0) return { sql: '', params: [] };
  const parts = active.map((c) => renderCond(c, opts));
  const text = parts.length === 1 ? (parts[0] as Fragment).sql : parts.map((p) => `(${p.sql})`).join(' AND ');
  return { sql: `WHERE ${text}`, params: parts.flatMap((p) => p.params) };
}

/** One ORDER BY term: an allow-listed sort expression and its direction. */
/** One ORDER BY term; `params` are the values its `?` placeholders take (a meta key). */
export type OrderTerm = { expr: string; desc: boolean; params?: readonly unknown[] };

/** `ORDER BY …`; `reverse` flips every direction, for reading an order from its end. */
export function renderOrder(terms: readonly OrderTerm[], reverse = false): string {
  return `ORDER BY ${terms.map((t) => `${t.expr} ${t.desc !== reverse ? 'DESC' : 'ASC'}`).join(', ')}`;
}

/** The values an order's placeholders take, bound after the WHERE's. */
export function orderParams(terms: readonly OrderTerm[]): unknown[] {
  return terms.flatMap((t) => t.params ?? []);
}
