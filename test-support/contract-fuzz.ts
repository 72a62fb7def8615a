/**
 * Generators and invariant checks for fuzzing every IPC channel through `dispatch`: random
 * values, almost-valid inputs (a valid call with one part replaced, a key added or removed),
 * and the inputs that have broken Loupe before (deep nesting, prototype keys, 1 MB strings,
 * NaN/±Infinity/-0, sparse arrays, Dates and Maps where JSON belongs). Test-only.
 */
import fc from 'fast-check';
import type { Channel } from '../shared/contract';
import { ERROR_CODES, type Envelope } from '../shared/errors';
import type { Core } from '../electron/core/app-core';
import { dispatch } from '../electron/core/ipc/dispatch';
import { filterArb, HOSTILE, hostileVocabulary } from './query-arbitraries';

/** What every token the fuzz sends starts with: no answer may ever contain it. */
export const SENTINEL = 'SENTINEL-fz-7c1e-never-echo';

/** A value nested `depth` levels: objects, arrays, or filter groups. */
export function nested(depth: number, kind: 'object' | 'array' | 'group'): unknown {
  let v: unknown = kind === 'group' ? { type: 'clause', field: 'text', op: 'eq', value: 'x' } : 1;
  for (let i = 0; i < depth; i++) {
    v = kind === 'object' ? { a: v } : kind === 'array' ? [v] : { type: 'group', op: 'and', children: [v], negated: false, enabled: true };
  }
  return v;
}

/** An object with an own key that would reach a prototype if merged carelessly. */
function withOwnKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

const sparse = (): unknown[] => {
  const a: unknown[] = [];
  a[5] = 1;
  return a;
};

/** Values chosen because they have broken parsers, validators or SQL somewhere. */
function specials(): unknown[] {
  return [
    null,
    undefined,
    true,
    0,
    -0,
    1,
    -1,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    2 ** 31,
    2 ** 53 + 2,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    10n,
    '',
    ' ',
    '\u0000',
    '\uD800',
    'x'.repeat(1 << 20),
    '__proto__',
    'constructor',
    'v1',
    'v999999999',
    '1e400',
    [],
    sparse(),
    {},
    Object.create(null),
    new Date(0),
    new Map([['text', 'tag:review']]),
    new Set([1]),
    JSON.parse('{"__proto__": {"polluted": "yes"}}'),
    { constructor: { prototype: { polluted: 'yes' } } },
    nested(10_000, 'object'),
    nested(10_000, 'array'),
    ...HOSTILE,
  ];
}

/** Any value at all, with the dangerous ones often. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...specials()) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  {
    weight: 2,
    arbitrary: fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withObjectString: true,
      key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'text', 'query')),
    }),
  },
);

/** Every path to a value inside `v` (objects and arrays), the root included. */
function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (v !== null && typeof v === 'object' && out.length < 200) {
    for (const [k, child] of Object.entries(v)) paths(child, [...at, Array.isArray(v) ? Number(k) : k], out);
  }
  return out;
}

/** A deep copy of plain JSON data with the value at `path` replaced (or deleted when `del`). */
function replaceAt(v: unknown, path: (string | number)[], value: unknown, del = false): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(v)) {
    const copy = [...v];
    if (del && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaceAt(copy[Number(head)], rest, value, del);
    return copy;
  }
  const copy = { ...(v as Record<string, unknown>) };
  if (del && rest.length === 0) delete copy[head];
  else copy[head] = replaceAt(copy[head], rest, value, del);
  return copy;
}

/** A valid input changed in one place: a value replaced, a key added, a key removed. */
export function almostValid(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.constantFrom('replace', 'replace', 'replace', 'add', 'delete'), hostileValue, fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'txt'))
    .map(([input, n, how, value, key]) => {
      const all = paths(input);
      const path = all[n % all.length] as (string | number)[];
      if (how === 'replace') return replaceAt(input, path, value);
      if (how === 'delete') return path.length ? replaceAt(input, path, undefined, true) : input;
      const target = path.length ? path.slice(0, -1) : path;
      let parent: unknown = input;
      for (const p of target) parent = (parent as Record<string, unknown>)[p];
      if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return withOwnKey({ input } as Record<string, unknown>, key, value);
      return replaceAt(input, target, withOwnKey(parent as Record<string, unknown>, key, value));
    });
}

/** Queries as the search box and the chips send them, hostile text included. */
export const queryArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    text: fc.oneof(fc.constantFrom('', 'tag:review', 'width:>1000 -tag:blurry', 'street', 'meta.camera:"cam 07"', 'created:[2024-01-01 TO 2024-02-01]', 'dataset:"train/*"'), hostileVocabulary.text),
    sort: fc.constantFrom([{ key: 'name', dir: 'asc' }], [{ key: 'width', dir: 'desc' }], []),
  }),
  fc.record({ text: fc.constant(''), filter: filterArb(hostileVocabulary) }),
  // What the query path must refuse cleanly (INVALID_INPUT), not with a stack.
  fc.constantFrom<unknown>(
    { text: '', filter: { op: 'and', children: [nested(600, 'group')] } },
    { text: Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ') },
    { text: Array.from({ length: 600 }, () => '-ab').join(' ') },
    { text: 'width:<1e400' },
    { text: 'width:[0 TO 1e400]' },
    { txt: 'tag:review' },
    { text: `meta.${'k'.repeat(301)}:1` },
  ),
);

export type FuzzWorld = {
  /** The open view, a real row, the connected account's source and project, a saved search. */
  viewId: string;
  rowId: number;
  accountSource: number;
  projectId: number;
  searchId: number;
  serverUrl: string;
  missingFile: string;
};

const exportOptions = { bom: false, raw: false, meta: 'json' };

/** Valid inputs per channel, aimed at the world the fuzz set up (no dialog ever returns a path). */
export function validInputs(w: FuzzWorld): Record<Channel, fc.Arbitrary<unknown>> {
  const one = (...v: unknown[]) => fc.constantFrom(...v);
  return {
    'app:info': one({}),
    'images:openView': queryArb.map((query) => ({ query })),
    'images:window': fc.record({ view_id: fc.constant(w.viewId), offset: fc.nat({ max: 25_000 }), limit: fc.integer({ min: 1, max: 500 }) }),
    'images:get': fc.oneof(fc.constant({ row_id: w.rowId }), fc.integer({ min: 1, max: 30_000 }).map((row_id) => ({ row_id }))),
    'import:pick': one({ what: 'file' }, { what: 'folder', skip_bad: true }),
    'import:paths': one({ paths: [w.missingFile] }, { paths: [w.missingFile, w.missingFile], skip_bad: true }),
    'demo:load': one({ count: 10, seed: 3 }),
    'jobs:list': one({}),
    'jobs:cancel': one({ job_id: 'j1' }, { job_id: 'nope' }),
    'jobs:saveReport': one({ job_id: 'j1' }),
    'sources:list': one({}),
    'sources:remove': one({ source_id: 999 }),
    'servers:list': one({}),
    'servers:connect': fc.record({
      server_url: fc.constantFrom(w.serverUrl, 'http://127.0.0.1:9'),
      token: fc.oneof(fc.constant(SENTINEL), fc.string({ maxLength: 6 }).map((s) => `${SENTINEL}${s}`), fc.constantFrom('\n', '\r', '\u0000', ' ').map((c) => `${SENTINEL}${c}tail`)),
    }),
    'servers:disconnect': one({ source_id: 999 }),
    'remote:tree': one({ source_id: w.accountSource }),
    'remote:refresh': one({ source_id: w.accountSource }),
    'sync:select': one({ source_id: w.accountSource, project_ids: [w.projectId], selected: true }),
    'sync:start': one({ source_id: w.accountSource }),
    'sync:status': one({}, { source_id: w.accountSource }),
    'sync:changes': one({ source_id: w.accountSource }, { source_id: w.accountSource, change: 'added', limit: 5 }),
    'export:start': queryArb.map((query) => ({ query, format: 'csv', columns: null, scope: { kind: 'view' }, options: exportOptions })),
    'thumbs:make': queryArb.map((query) => ({ query })),
    'facets:get': queryArb.map((query) => ({ query, limit: 10 })),
    'search:catalogue': one({}),
    'checks:summary': queryArb.map((query) => ({ query })),
    'stats:histograms': queryArb.map((query) => ({ query, histograms: ['size', 'created', 'meta:camera'] })),
    'searches:list': one({}),
    'searches:save': fc.tuple(queryArb, fc.constantFrom('fuzz', 'x'.repeat(200), ' Fuzz '), fc.constantFrom('live', 'snapshot')).map(([query, name, kind]) => ({ name, kind, query, overwrite: true })),
    'searches:delete': one({ id: 999 }, { id: w.searchId }),
    'settings:get': one({}),
    'settings:set': fc.record({ theme: fc.constantFrom('system', 'light', 'dark'), csv: fc.constant(exportOptions) }, { requiredKeys: [] }),
    'cache:move': one({}),
  };
}

/** Random, almost-valid and valid inputs for one channel. */
export function inputsFor(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 2, arbitrary: hostileValue }, { weight: 5, arbitrary: almostValid(valid) }, { weight: 2, arbitrary: valid });
}

export type FindingKind =
  | 'escaped'
  | 'hang'
  | 'internal'
  | 'undocumented-code'
  | 'token-leak'
  | 'row-change'
  | 'job-after-reject'
  | 'prototype';
export type Finding = { kind: FindingKind; channel: Channel; detail: string; input: string };

/** A short printable form of an input, for the report. */
export function show(input: unknown): string {
  try {
    const s = fc.stringify(input);
    return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
  } catch {
    return String(input);
  }
}

const HANG_GUARD_MS = 2000;

/**
 * Counts every row the core's own connection inserts, updates or deletes in the cache file,
 * with temporary triggers on each table: total_changes() would also count the views' temporary
 * tables, which background work fills between calls. Jobs write through connections of their
 * own, and a refused call must start none (checked separately).
 */
export function watchRowChanges(core: Core): void {
  const db = core.db;
  db.exec('CREATE TEMP TABLE IF NOT EXISTS fuzz_row_changes (n INTEGER NOT NULL); INSERT INTO fuzz_row_changes VALUES (0)');
  const tables = db
    .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")
    .pluck()
    .all() as string[];
  for (const [i, t] of tables.entries()) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      try {
        db.exec(`CREATE TEMP TRIGGER fuzz_${op}_${i} AFTER ${op} ON main."${t}" BEGIN UPDATE fuzz_row_changes SET n = n + 1; END`);
      } catch {
        // Shadow tables of the full-text indexes refuse triggers; their base tables have them.
      }
    }
  }
}

const rowChanges = (core: Core) => core.db.prepare('SELECT n FROM temp.fuzz_row_changes').pluck().get() as number;

const protoState = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

/**
 * One call through dispatch, checked: it must answer within the hang guard without throwing;
 * an error must carry a documented code other than INTERNAL and never the token; a refused
 * call must change no row and start no job; Object.prototype must stay as it was. Jobs an
 * accepted call starts are cancelled and awaited, so the next call starts from rest.
 */
export async function probe(core: Core, channel: Channel, input: unknown): Promise<Finding[]> {
  const findings: Finding[] = [];
  const found = (kind: FindingKind, detail: string) => findings.push({ kind, channel, detail, input: show(input) });
  const proto = protoState();
  const changes = rowChanges(core);
  const jobs = new Set(core.jobs.list().map((j) => j.id));
  let timer: NodeJS.Timeout | undefined;
  let env: Envelope<unknown> | 'hang';
  try {
    env = await Promise.race([
      dispatch(core.handlers, channel, input),
      new Promise<'hang'>((ok) => {
        timer = setTimeout(() => ok('hang'), HANG_GUARD_MS);
      }),
    ]);
  } catch (err) {
    found('escaped', String((err as Error)?.stack ?? err).slice(0, 300));
    return findings;
  } finally {
    clearTimeout(timer);
  }
  if (protoState() !== proto || ({} as Record<string, unknown>).polluted !== undefined) found('prototype', 'Object.prototype changed');
  if (env === 'hang') {
    found('hang', `no answer within ${HANG_GUARD_MS / 1000} s`);
    return findings;
  }
  if (JSON.stringify(env).includes(SENTINEL)) found('token-leak', 'the answer contains the token');
  const started = core.jobs.list().filter((j) => !jobs.has(j.id));
  if (!env.ok) {
    const { code, message } = env.error;
    if (!(ERROR_CODES as readonly string[]).includes(code)) found('undocumented-code', `${code}: ${message.slice(0, 200)}`);
    else if (code === 'INTERNAL') found('internal', message.slice(0, 200));
    if (rowChanges(core) !== changes) found('row-change', `${code} after a change to the cache`);
    if (started.length) found('job-after-reject', `${code} yet job ${started[0]?.id} started`);
  }
  // Started jobs are cancelled at once and awaited a few at a time: each is a worker thread,
  // and waiting for every one to start up only to stop would make a large run take hours.
  for (const j of started) {
    core.jobs.cancel(j.id);
    pending.push(core.jobs.settle(j.id));
  }
  while (pending.length > MAX_PENDING_JOBS) await pending.shift();
  return findings;
}

const MAX_PENDING_JOBS = 6;
const pending: Promise<unknown>[] = [];

/** Waits for every job the fuzz started, so the next channel (or the end) starts from rest. */
export async function settleJobs(): Promise<void> {
  while (pending.length) await pending.shift();
}
