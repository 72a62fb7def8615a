import { META_PREFIX, TEXT_FIELD } from './query-fields';
import type { Clause, Filter, FilterGroup, FilterNode } from './query';

/** Words the parser reads as operators: free text spelt like one is quoted. */
const KEYWORDS = new Set(['AND', 'OR', 'NOT']);
const BARE_META_KEY = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

type Op = Clause['op'];

/** The printer: the one canonical text for a filter, which the parser reads back exactly. */

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const hasSpaceOrParen = (v: string) => /[\s()"]/u.test(v);

function formatText(v: string): string {
  const bad =
    v === '' || hasSpaceOrParen(v) || v.includes(':') || /^[-~]/.test(v) || KEYWORDS.has(v);
  return bad ? quote(v) : v;
}

function formatValue(v: string, op: Op, isTagName: boolean): string {
  const bad =
    v === '' ||
    hasSpaceOrParen(v) ||
    /^[><=[{]/.test(v) ||
    (op === 'eq' && v === '*') ||
    (isTagName && v.includes('='));
  return bad ? quote(v) : v;
}

function formatBound(v: string | null): string {
  if (v === null) return '*';
  const bad = v === '' || v === '*' || v === 'TO' || /[\s"\]}]/u.test(v);
  return bad ? quote(v) : v;
}

function formatField(field: string): string {
  if (!field.startsWith(META_PREFIX)) return field;
  const key = field.slice(META_PREFIX.length);
  return META_PREFIX + (BARE_META_KEY.test(key) ? key : quote(key));
}

const OP_TEXT: Record<Exclude<Op, 'range' | 'exists'>, string> = { eq: '', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** One clause as text, without its `~`/`-` prefix. */
export function formatClause(c: Clause): string {
  if (c.field === TEXT_FIELD && c.op === 'eq') return formatText(c.value);
  const f = `${formatField(c.field)}:`;
  if (c.op === 'exists') return `${f}*`;
  if (c.op === 'range') {
    return `${f}${c.min_inclusive ? '[' : '{'}${formatBound(c.min)} TO ${formatBound(c.max)}${c.max_inclusive ? ']' : '}'}`;
  }
  const tag = c.tag_value === undefined ? '' : `=${formatValue(c.tag_value, 'gt', false)}`;
  return `${f}${OP_TEXT[c.op]}${formatValue(c.value, c.op, c.field === 'tag')}${tag}`;
}

function formatNode(n: FilterNode): string {
  const prefix = (n.enabled ? '' : '~') + (n.negated ? '-' : '');
  if (n.type === 'clause') return prefix + formatClause(n);
  return `${prefix}(${formatChildren(n)})`;
}

function formatChildren(g: Pick<FilterGroup, 'op' | 'children'>): string {
  return g.children.map(formatNode).join(g.op === 'or' ? ' OR ' : ' ');
}

/** The canonical text of a filter (what the search box shows for the chips). */
export function formatFilter(filter: Pick<Filter, 'op' | 'children'>): string {
  return formatChildren(filter);
}
