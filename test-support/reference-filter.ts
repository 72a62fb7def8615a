/**
 * A plain-JS reference for what a filter means, written from the documented semantics (not
 * from the SQL), used by the compiler's property test: SQLite and this must agree on every
 * record for every filter.
 */
import type { Clause, Filter, FilterNode } from '../shared/query';
import { fieldSpecOf, META_PREFIX } from '../shared/query-fields';
import {
  compareCodepoints,
  flattenMeta,
  globMatches,
  isGlob,
  nameMatches,
  parseNumber,
  storedMetaValue,
  unescapeGlob,
  words,
} from '../shared/search-text';

export type RefRecord = {
  row_id: number;
  source: { id: number; label: string; uri: string };
  fields: Record<string, unknown>;
  dataset_path: string | null;
  tags: { name: string; value: string | number | null }[];
  meta: unknown;
  /** Row ids saved by each snapshot search. */
  snapshots?: Record<number, Set<number>>;
};

export type RefContext = { duplicateHashes: Set<string> };

export function referenceMatches(f: Filter, r: RefRecord, ctx: RefContext): boolean {
  return group(f.op, f.children, r, ctx);
}

function group(op: 'and' | 'or', children: readonly FilterNode[], r: RefRecord, ctx: RefContext): boolean {
  const active = children.filter((c) => c.enabled);
  if (active.length === 0) return true;
  return op === 'and' ? active.every((c) => node(c, r, ctx)) : active.some((c) => node(c, r, ctx));
}

function node(n: FilterNode, r: RefRecord, ctx: RefContext): boolean {
  const m = n.type === 'group' ? group(n.op, n.children, r, ctx) : clause(n, r, ctx);
  return n.negated ? !m : m;
}

const cmpOk = (c: number, op: 'gt' | 'gte' | 'lt' | 'lte') =>
  op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;

/** An exact value or a glob, against text. */
function textEq(x: string, pattern: string): boolean {
  return isGlob(pattern) ? globMatches(x, pattern) : x === unescapeGlob(pattern);
}

function inRange<T>(x: T, c: Extract<Clause, { op: 'range' }>, bound: (v: string) => T, cmp: (a: T, b: T) => number): boolean {
  if (c.min !== null) {
    const d = cmp(x, bound(c.min));
    if (c.min_inclusive ? d < 0 : d <= 0) return false;
  }
  if (c.max !== null) {
    const d = cmp(x, bound(c.max));
    if (c.max_inclusive ? d > 0 : d >= 0) return false;
  }
  return true;
}

/** A number field's value: a finite number, or the filter is invalid (as the compiler says). */
function finite(v: string): number {
  const n = parseNumber(v);
  if (n === null) throw new Error(`not a finite number: ${v}`);
  return n;
}

const numCmp = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

/** A tag or meta value: number written → numbers equal or text equal; else text, glob allowed. */
function valueEq(v: string | number | null, pattern: string): boolean {
  if (v === null) return false;
  if (isGlob(pattern)) return typeof v === 'string' && globMatches(v, pattern);
  const n = parseNumber(pattern);
  if (typeof v === 'number') return n !== null && v === n;
  return v === unescapeGlob(pattern);
}

/** The first codepoints of a date, as many as the query value has. */
function trunc(x: string, v: string): string {
  return [...x].slice(0, [...v].length).join('');
}

/** The values computed from columns (the language's mp and aspect): none without a positive width and height. */
function computed(name: string, r: RefRecord): number | undefined {
  const w = r.fields.width;
  const h = r.fields.height;
  if (typeof w !== 'number' || typeof h !== 'number' || !(w > 0 && h > 0)) return undefined;
  if (name === 'mp') return (w * h) / 1e6;
  if (name === 'aspect') return w / h;
  return undefined;
}

function clause(c: Clause, r: RefRecord, ctx: RefContext): boolean {
  const spec = fieldSpecOf(c.field);
  if (!spec) throw new Error(`unknown field ${c.field}`);
  const x = spec.column ? r.fields[spec.column] : computed(spec.name, r);
  switch (spec.type) {
    case 'text': {
      if (c.op !== 'eq') return true;
      if (nameMatches(String(r.fields.name), c.value)) return true;
      const ws = words(c.value);
      if (ws.length === 0) return false;
      const own = new Set<string>();
      for (const w of words(String(r.fields.description ?? ''))) own.add(w);
      for (const t of r.tags) for (const w of words(t.name)) own.add(w);
      for (const [, v] of flattenMeta(r.meta)) if (typeof v === 'string') for (const w of words(v)) own.add(w);
      return ws.every((w) => own.has(w));
    }
    case 'string': {
      if (x === null || x === undefined) return false;
      const s = String(x);
      if (c.op === 'exists') return true;
      if (c.op === 'eq') return textEq(s, c.value);
      if (c.op === 'range') return inRange(s, c, (v) => v, compareCodepoints);
      return cmpOk(compareCodepoints(s, c.value), c.op);
    }
    case 'number': {
      if (x === null || x === undefined) return false;
      const n = Number(x);
      if (c.op === 'exists') return true;
      if (c.op === 'range') return inRange(n, c, finite, numCmp);
      const v = finite(c.value);
      return c.op === 'eq' ? n === v : cmpOk(numCmp(n, v), c.op);
    }
    case 'date': {
      if (x === null || x === undefined) return false;
      const s = String(x);
      if (c.op === 'exists') return true;
      if (c.op === 'range') {
        if (c.min !== null) {
          const d = compareCodepoints(trunc(s, c.min), c.min);
          if (c.min_inclusive ? d < 0 : d <= 0) return false;
        }
        if (c.max !== null) {
          const d = compareCodepoints(trunc(s, c.max), c.max);
          if (c.max_inclusive ? d > 0 : d >= 0) return false;
        }
        return true;
      }
      const d = compareCodepoints(trunc(s, c.value), c.value);
      return c.op === 'eq' ? d === 0 : cmpOk(d, c.op);
    }
    case 'mixed': {
      if (x === null || x === undefined) return false;
      if (c.op === 'exists') return true;
      if (c.op === 'eq') {
        if (isGlob(c.value)) return typeof x === 'string' && globMatches(x, c.value);
        const n = parseNumber(c.value);
        if (typeof x === 'number') return n !== null && x === n;
        return x === (n === null ? unescapeGlob(c.value) : c.value);
      }
      if (typeof x !== 'string') return false;
      if (c.op === 'range') return inRange(x, c, (v) => v, compareCodepoints);
      return cmpOk(compareCodepoints(x, c.value), c.op);
    }
    case 'tag':
      if (c.op === 'exists') return r.tags.length > 0;
      if (c.op !== 'eq') return true;
      return r.tags.some(
        (t) => textEq(t.name, c.value) && (c.tag_value === undefined || valueEq(t.value, c.tag_value)),
      );
    case 'meta': {
      const key = c.field.slice(META_PREFIX.length);
      const values = flattenMeta(r.meta)
        .filter(([k]) => k === key)
        .map(([, v]) => storedMetaValue(v));
      if (c.op === 'exists') return values.length > 0;
      return values.some((v) => metaValueMatches(v, c));
    }
    case 'dataset': {
      const p = r.dataset_path;
      if (p === null) return false;
      if (c.op === 'exists') return true;
      if (c.op !== 'eq') return true;
      if (isGlob(c.value)) return globMatches(p, c.value);
      const path = unescapeGlob(c.value);
      return p === path || p.startsWith(`${path}/`);
    }
    case 'source': {
      if (c.op !== 'eq') return true;
      const n = parseNumber(c.value);
      return textEq(r.source.label, c.value) || textEq(r.source.uri, c.value) || (n !== null && r.source.id === n);
    }
    case 'has': {
      if (c.op !== 'eq') return false;
      const v = c.value;
      if (v === 'tags') return r.tags.length > 0;
      if (v === 'meta') return flattenMeta(r.meta).length > 0;
      const s = r.fields[v];
      return typeof s === 'string' && s !== '';
    }
    case 'is': {
      // The generated queries use is:duplicate only; the other checks have tests of their own.
      if (c.op !== 'eq' || c.value !== 'duplicate') throw new Error(`reference filter: no is:${c.op === 'eq' ? c.value : ''}`);
      const h = r.fields.hash;
      return typeof h === 'string' && ctx.duplicateHashes.has(h);
    }
    case 'snapshot':
      return c.op === 'eq' && (r.snapshots?.[Number(c.value)]?.has(r.row_id) ?? false);
  }
}

function metaValueMatches(v: string | number | null, c: Clause): boolean {
  if (c.op === 'exists') return true;
  if (c.op === 'eq') return valueEq(v, c.value);
  if (v === null) return false;
  if (c.op === 'range') {
    const bounds = [c.min, c.max].filter((b): b is string => b !== null);
    if (bounds.length === 0) return true;
    if (bounds.every((b) => parseNumber(b) !== null)) {
      return typeof v === 'number' && inRange(v, c, (b) => parseNumber(b) as number, numCmp);
    }
    return typeof v === 'string' && inRange(v, c, (b) => b, compareCodepoints);
  }
  const n = parseNumber(c.value);
  if (n !== null) return typeof v === 'number' && cmpOk(numCmp(v, n), c.op);
  return typeof v === 'string' && cmpOk(compareCodepoints(v, c.value), c.op);
}
