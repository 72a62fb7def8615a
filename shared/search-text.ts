/**
 * The text rules search is built on, in one place: how names and words are folded, how a
 * record's `meta` flattens into keys, how globs and codepoint order work. The cache's search
 * index, the query compiler and the plain-JS reference filter in the tests all call these, so
 * what SQLite finds and what the reference finds are the same by construction.
 */

// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * Case-folds text for search. SQLite's own folding (unicode61, trigram case_sensitive 0) follows
 * an older Unicode table than V8, so we fold in JS and give FTS5 text it has nothing left to do
 * with. Text is normalised to NFC first, so "é" typed as one code point finds "é" stored as
 * e + U+0301; then lower-cased, with the dotted capital I's "i" + U+0307 folded to "i" and the
 * final sigma to σ, so "istanbul" finds "İstanbul" and "ΟΔΟΣ" finds "οδος". NUL and U+0001 become
 * U+FFFD: FTS5 stops at NUL, and U+0001 marks the start of a name; so do U+FFFE and U+FFFF,
 * which SQLite's UTF-8 reader turns into U+FFFD itself.
 */
export function fold(text: string): string {
  const f = ASCII.test(text)
    ? text.toLowerCase()
    : text.normalize('NFC').toLowerCase().replaceAll('i\u0307', 'i').replaceAll('ς', 'σ').normalize('NFC');
  return f.includes('\u0000') || f.includes('\u0001') || f.includes('\uFFFE') || f.includes('\uFFFF')
    ? f.replaceAll('\u0000', '\uFFFD').replaceAll('\u0001', '\uFFFD').replaceAll('\uFFFE', '\uFFFD').replaceAll('\uFFFF', '\uFFFD')
    : f;
}

/** How many codepoints (not UTF-16 units) a string has. */
export function codepointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Prepended to a folded name in the trigram index so that 1–2 character prefixes are trigrams too. */
export const NAME_START = '\u0001\u0001';

/** Shorter free text than this is searched as a name prefix rather than a substring. */
export const MIN_SUBSTRING = 3;

/** The trigram index's text for a name. */
export function nameIndexText(name: string): string {
  return NAME_START + fold(name);
}

/**
 * The FTS5 phrase that finds `text` in the trigram index: a substring for 3+ codepoints, a
 * prefix (anchored on NAME_START) for 1–2. Null for empty text (matches every name).
 */
export function namePhrase(text: string): { phrase: string; prefix: boolean } | null {
  const f = fold(text);
  const n = codepointLength(f);
  if (n === 0) return null;
  const needle = n >= MIN_SUBSTRING ? f : NAME_START.slice(0, MIN_SUBSTRING - n) + f;
  return { phrase: `"${needle.replace(/"/g, '""')}"`, prefix: n < MIN_SUBSTRING };
}

/** What free text means on a name, exactly as the trigram phrase finds it. */
export function nameMatches(name: string, text: string): boolean {
  const f = fold(text);
  const n = codepointLength(f);
  if (n === 0) return true;
  const folded = fold(name);
  return n >= MIN_SUBSTRING ? folded.includes(f) : folded.startsWith(f);
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const ASCII_WORD = /[a-z0-9]+/g;

/** The folded words of a text: runs of letters, digits and marks. */
export function words(text: string): string[] {
  const f = fold(text);
  // For ASCII text the Unicode classes are exactly [a-z0-9] after folding; this is the hot path.
  return (ASCII.test(f) ? f.match(ASCII_WORD) : f.match(WORD)) ?? [];
}

/**
 * A word as the unicode61 index stores it: ASCII letters and digits as they are, anything else
 * as `_<hex>_`. unicode61 then sees only [a-z0-9_] (with `_` as a token character) and neither
 * splits nor folds again. The code is prefix-free, so prefix queries stay correct.
 */
export function encodeWord(word: string): string {
  if (/^[a-z0-9]+$/.test(word)) return word;
  let out = '';
  for (const ch of word) {
    out += /[a-z0-9]/.test(ch) ? ch : `_${(ch.codePointAt(0) as number).toString(16)}_`;
  }
  return out;
}

/** Compares two strings by codepoint, the order SQLite's BINARY collation gives UTF-8 text. */
export function compareCodepoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = (x.value as string).codePointAt(0) as number;
    const cy = (y.value as string).codePointAt(0) as number;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/**
 * The smallest string greater than every string that starts with `prefix` (in codepoint
 * order), or null when there is none. Turns "starts with" into an index range.
 */
export function prefixSuccessor(prefix: string): string | null {
  const cps = [...prefix].map((c) => c.codePointAt(0) as number);
  while (cps.length > 0) {
    let last = (cps.pop() as number) + 1;
    if (last >= 0xd800 && last <= 0xdfff) last = 0xe000;
    if (last <= 0x10ffff) return String.fromCodePoint(...cps, last);
  }
  return null;
}

/** A glob as Loupe writes it: `*` any run, `?` one character, `\` makes the next one literal. */
export type GlobPart = { literal: string } | { any: true } | { one: true };

export function parseGlob(pattern: string): GlobPart[] {
  const parts: GlobPart[] = [];
  let lit = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '\\' && i + 1 < chars.length) lit += chars[++i];
    else if (c === '*' || c === '?') {
      if (lit) parts.push({ literal: lit });
      lit = '';
      parts.push(c === '*' ? { any: true } : { one: true });
    } else lit += c;
  }
  if (lit) parts.push({ literal: lit });
  return parts;
}

/** Whether a value has an unescaped `*` or `?`, i.e. is a glob rather than a literal. */
export function isGlob(pattern: string): boolean {
  return parseGlob(pattern).some((p) => !('literal' in p));
}

/** The pattern's text with escapes removed, for a value that is not a glob. */
export function unescapeGlob(pattern: string): string {
  return parseGlob(pattern)
    .map((p) => ('literal' in p ? p.literal : 'any' in p ? '*' : '?'))
    .join('');
}

/** The literal text before the first wildcard (what an index range can use). */
export function globPrefix(pattern: string): string {
  const first = parseGlob(pattern)[0];
  return first && 'literal' in first ? first.literal : '';
}

/**
 * NUL, U+FFFE and U+FFFF: SQLite's GLOB stops at NUL and its UTF-8 reader rewrites the other
 * two, so a value or a pattern containing any of them never matches a glob (the compiler
 * excludes such values explicitly, and such a pattern compiles to "no match").
 */
export const GLOB_UNSAFE = /[\0\uFFFE\uFFFF]/u;

/** Whether the literal prefix may serve as an index range (it has no GLOB_UNSAFE character). */
export function globPrefixIsExact(prefix: string): boolean {
  return !GLOB_UNSAFE.test(prefix);
}

/** The same pattern in SQLite GLOB syntax (`[*]`, `[?]`, `[[]` for literals). */
export function toSqliteGlob(pattern: string): string {
  return parseGlob(pattern)
    .map((p) => ('literal' in p ? p.literal.replace(/[*?[]/g, (c) => `[${c}]`) : 'any' in p ? '*' : '?'))
    .join('');
}

/** Matches a value against a Loupe glob, by codepoints, case-sensitively (as SQLite GLOB). */
export function globMatches(value: string, pattern: string): boolean {
  if (GLOB_UNSAFE.test(value) || GLOB_UNSAFE.test(pattern)) return false;
  const src = parseGlob(pattern)
    .map((p) =>
      'literal' in p
        ? // Only syntax characters may be escaped in a 'u' regex ("\-" is an error there).
          [...p.literal].map((c) => c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('')
        : 'any' in p
          ? '[^]*'
          : '[^]',
    )
    .join('');
  return new RegExp(`^${src}$`, 'u').test(value);
}

/** A scalar meta value as flattened: JSON's own types. */
export type MetaScalar = number | string | boolean | null;

/** A meta value as the index stores it: numbers as numbers, booleans as "true"/"false". */
export function storedMetaValue(v: MetaScalar): number | string | null {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : v;
}

/** How deep `meta` is flattened, and how many values one record may contribute. */
export const META_MAX_DEPTH = 4;
export const META_MAX_VALUES = 200;

/**
 * Flattens a record's `meta` into `[key, value]` pairs: nested object keys join with ".",
 * array elements share their array's key, null stays null.
 * `{gps: {lat: 1}}` and `{"gps.lat": 1}` both give key "gps.lat" (documented collision).
 */
export function flattenMeta(meta: unknown): [string, MetaScalar][] {
  const out: [string, MetaScalar][] = [];
  const walk = (value: unknown, key: string, depth: number): void => {
    if (out.length >= META_MAX_VALUES) return;
    if (value === null || typeof value === 'string') out.push([key, value]);
    else if (typeof value === 'number') out.push([key, Number.isFinite(value) ? value : String(value)]);
    else if (typeof value === 'boolean') out.push([key, value]);
    else if (Array.isArray(value)) {
      if (depth < META_MAX_DEPTH) for (const v of value) walk(v, key, depth + 1);
    } else if (typeof value === 'object' && depth < META_MAX_DEPTH) {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        walk(v, key === '' ? k : `${key}.${k}`, depth + 1);
      }
    }
  };
  if (meta !== null && typeof meta === 'object' && !Array.isArray(meta)) walk(meta, '', 0);
  return out.filter(([k]) => k !== '');
}

/** A number in the query language: what `width:>1000` or `meta.iso:[100 TO 800]` accept. */
export const NUMBER_RE = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

export function parseNumber(text: string): number | null {
  if (!NUMBER_RE.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
