import type { Clause, Filter, FilterNode } from '../../shared/query';
import type { Source } from '../../shared/records';

/**
 * What the chips and the facet sidebar do to the filter. Pure functions over the
 * shared Query's filter tree, so the chips, the text and the facets stay one value.
 */

export const EMPTY_FILTER: Filter = { op: 'and', children: [] };

/** The clause without its switch and negation: what a facet value or chip selects. */
function core(c: Clause): string {
  const { negated: _n, enabled: _e, ...rest } = c;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/** Two clauses select the same thing (their switch and negation aside). */
export function sameClause(a: FilterNode, b: Clause): boolean {
  return a.type === 'clause' && core(a) === core(b);
}

/** Structural equality of filters (to skip reopening a view for an equal value). */
export function sameFilter(a: Filter, b: Filter): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A filter with these top-level children, keeping the schema's rule that OR needs two. */
function withChildren(op: Filter['op'], children: FilterNode[]): Filter {
  return { op: children.length >= 2 ? op : 'and', children };
}

/**
 * Adds a facet value's clause: included (or, with `negated`, excluded). Clicking a value that is
 * already selected the same way takes it off again; clicking it the other way flips it. Under a
 * top-level OR, the existing chips become one OR group ANDed with the new clause.
 */
export function toggleClause(filter: Filter, clause: Clause, negated: boolean): Filter {
  const at = filter.children.findIndex((n) => sameClause(n, clause));
  if (at >= 0) {
    const existing = filter.children[at] as Clause;
    if (existing.negated === negated && existing.enabled) return removeAt(filter, at);
    return replaceAt(filter, at, { ...existing, negated, enabled: true });
  }
  const added: Clause = { ...clause, negated, enabled: true };
  if (filter.op === 'or' && filter.children.length >= 2) {
    return {
      op: 'and',
      children: [{ type: 'group', op: 'or', children: filter.children, negated: false, enabled: true }, added],
    };
  }
  return { op: 'and', children: [...filter.children, added] };
}

/** How a facet value stands in the filter: included, excluded, or neither (switched-off chips count as neither). */
export function clauseState(filter: Filter, clause: Clause): 'include' | 'exclude' | null {
  const n = filter.children.find((c) => sameClause(c, clause) && c.enabled);
  if (!n) return null;
  return n.negated ? 'exclude' : 'include';
}

export function removeAt(filter: Filter, index: number): Filter {
  return withChildren(
    filter.op,
    filter.children.filter((_, i) => i !== index),
  );
}

function replaceAt(filter: Filter, index: number, node: FilterNode): Filter {
  return { op: filter.op, children: filter.children.map((c, i) => (i === index ? node : c)) };
}

/** Switches a chip off (kept, ignored when matching) or back on. */
export function toggleEnabled(filter: Filter, index: number): Filter {
  const n = filter.children[index];
  return n ? replaceAt(filter, index, { ...n, enabled: !n.enabled }) : filter;
}

/** Turns a chip into its negation (`-tag:blurry`) and back. */
export function toggleNegated(filter: Filter, index: number): Filter {
  const n = filter.children[index];
  return n ? replaceAt(filter, index, { ...n, negated: !n.negated }) : filter;
}

/** Whether any chip actually narrows the view (switched-off chips do not). */
export function isFiltering(filter: Filter): boolean {
  return filter.children.some((c) => c.enabled);
}

/**
 * The `source:` clause for a source. Its label reads best, but `source:` also matches by uri
 * and id, so a label another source shares (or that looks like an id) falls back to the id.
 */
export function sourceClause(source: Source, all: readonly Source[]): Clause {
  const clash =
    /^\d+$/.test(source.label) ||
    all.some((s) => s.id !== source.id && (s.label === source.label || s.uri === source.label));
  const value = clash ? String(source.id) : escapeGlob(source.label);
  return { type: 'clause', field: 'source', op: 'eq', value, negated: false, enabled: true };
}

/** `*` and `?` are wildcards in `source:` values; a label that contains them is escaped. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?]/g, (c) => `\\${c}`);
}

/** Ids of the sources the filter selects with an enabled, positive `source:` chip. */
export function selectedSources(filter: Filter, sources: readonly Source[]): Set<number> {
  const ids = new Set<number>();
  for (const s of sources) if (clauseState(filter, sourceClause(s, sources)) === 'include') ids.add(s.id);
  return ids;
}

/**
 * A facet value's clause may itself be negated ("(none)" is `-author:*`): clicking selects the
 * value as the clause says, Alt-click selects the opposite.
 */
export function toggleValue(filter: Filter, clause: Clause, exclude: boolean): Filter {
  return toggleClause(filter, clause, clause.negated !== exclude);
}

/** How a facet value stands: selected as shown, selected as its opposite, or not at all. */
export function valueState(filter: Filter, clause: Clause): 'include' | 'exclude' | null {
  const st = clauseState(filter, clause);
  if (st === null) return null;
  return (st === 'exclude') === clause.negated ? 'include' : 'exclude';
}
