import type { ImageInfo, ImageTag } from '../../../shared/image-info';

/** What a stored record looked like before a sync wrote over it. */
export type OldRecord = {
  row_id: number;
  name: string;
  updated_at: string | null;
  dataset_path: string | null;
  meta: string;
  tags: string;
} & Record<(typeof DIFF_FIELDS)[number], unknown>;

/** Scalar fields a "what changed" view reports besides meta and tags. */
export const DIFF_FIELDS = [
  'name',
  'link',
  'hash',
  'mime',
  'size',
  'width',
  'height',
  'labels_count',
  'dataset_id',
  'description',
  'created_by',
  'path_original',
  'full_storage_url',
] as const;

/** One changed path; `b` / `a` are absent when the key did not exist before / after. */
export type PathChange = { p: string; b?: unknown; a?: unknown };

/** A compact diff as stored: scalar fields and meta paths; tags keyed by their meta id. */
export type StoredDiff = {
  f?: PathChange[];
  m?: PathChange[];
  t?: ['added' | 'removed' | 'changed', number | string, unknown, unknown][];
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field-level differences between two `meta` objects, by dotted path; arrays compare whole. */
export function diffMeta(before: unknown, after: unknown, path = '', out: PathChange[] = []): PathChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const k of [...keys].sort()) {
      const p = path ? `${path}.${k}` : k;
      if (!Object.hasOwn(after, k)) out.push({ p, b: before[k] });
      else if (!Object.hasOwn(before, k)) out.push({ p, a: after[k] });
      else diffMeta(before[k], after[k], p, out);
    }
    return out;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ p: path || '(meta)', b: before, a: after });
  return out;
}

/**
 * Tag changes as a user reads them: by tag (meta id, else name) and value, not by instance id
 * — a tag removed and put back as a new instance with the same value is no change. A tag that
 * has one instance before and after with another value is "changed".
 */
export function diffTags(before: ImageTag[], after: ImageTag[]): NonNullable<StoredDiff['t']> {
  const out: NonNullable<StoredDiff['t']> = [];
  const group = (tags: ImageTag[]) => {
    const m = new Map<number | string, (string | number | null)[]>();
    for (const t of tags) {
      const k = t.tagId ?? t.name ?? '?';
      (m.get(k) ?? m.set(k, []).get(k))?.push(t.value ?? null);
    }
    return m;
  };
  const was = group(before);
  const now = group(after);
  for (const k of new Set([...was.keys(), ...now.keys()])) {
    const a = [...(was.get(k) ?? [])];
    const b = [...(now.get(k) ?? [])];
    if (a.length === 1 && b.length === 1) {
      if (a[0] !== b[0]) out.push(['changed', k, a[0], b[0]]);
      continue;
    }
    for (const v of b) {
      const i = a.indexOf(v);
      if (i >= 0) a.splice(i, 1);
      else out.push(['added', k, undefined, v]);
    }
    for (const v of a) out.push(['removed', k, v, undefined]);
  }
  return out;
}

/** The diff of one record, or null when nothing the view reports changed. */
export function diffRecord(old: OldRecord, next: ImageInfo): StoredDiff | null {
  const f: PathChange[] = [];
  for (const k of DIFF_FIELDS) {
    const was = old[k] ?? null;
    const now = next[k] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(now)) f.push({ p: k, b: was, a: now });
  }
  const m = diffMeta(JSON.parse(old.meta) as unknown, next.meta ?? {});
  const t = diffTags(JSON.parse(old.tags) as ImageTag[], next.tags ?? []);
  const d: StoredDiff = {};
  if (f.length) d.f = f;
  if (m.length) d.m = m;
  if (t.length) d.t = t;
  return f.length || m.length || t.length ? d : null;
}
