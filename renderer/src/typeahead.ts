import type { Catalogue } from '../../shared/search';

/** One completion: what to show, and the text that replaces the word being typed. */
export type Suggestion = { label: string; detail: string; insert: string };

/** Completions for the word at the caret, and the range [from, to) they replace. */
export type Completion = { from: number; to: number; items: Suggestion[] };

const MAX_ITEMS = 8;
const WORD_STOP = /[\s()]/u;

/** A value as the query language needs it written: quoted when it holds spaces, quotes, `:` or parentheses. */
export function quoteValue(v: string): string {
  return /[\s()":]/u.test(v) || v === '' ? `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"` : v;
}

function startsWith(text: string, prefix: string): boolean {
  return text.toLowerCase().startsWith(prefix.toLowerCase());
}

/**
 * Type-ahead from the catalogue: field names while a field is typed (`ta` → `tag:`),
 * `meta.` keys, and values after `tag:`, `dataset:`, `source:`, `has:`, `is:`. Null when there
 * is nothing to offer. Pure, so it is unit-tested without a browser.
 */
export function complete(text: string, caret: number, cat: Catalogue | null): Completion | null {
  if (!cat) return null;
  let from = caret;
  while (from > 0 && !WORD_STOP.test(text[from - 1] as string)) from--;
  // Keep a leading "-" or "~" (negate, switch off) out of the replaced range.
  while (from < caret && (text[from] === '-' || text[from] === '~')) from++;
  const word = text.slice(from, caret);
  if (word === '' || word.startsWith('"')) return null;
  let to = caret;
  while (to < text.length && !WORD_STOP.test(text[to] as string)) to++;

  const colon = word.indexOf(':');
  const items: Suggestion[] = [];
  if (colon < 0) {
    if (startsWith(word, 'meta.')) {
      const key = word.slice(5);
      for (const m of cat.meta_keys) {
        if (startsWith(m.key, key)) {
          const field = `meta.${/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/.test(m.key) ? m.key : quoteValue(m.key)}`;
          items.push({ label: `meta.${m.key}`, detail: `${m.type} · ${m.count.toLocaleString('en-US')}`, insert: `${field}:` });
        }
      }
    } else {
      for (const f of cat.fields) {
        const names = [f.name, ...f.aliases];
        if (names.some((n) => startsWith(n, word)) && f.name !== word) {
          items.push({ label: `${f.name}:`, detail: f.label, insert: `${f.name}:` });
        }
      }
      if (startsWith('meta.', word)) items.push({ label: 'meta.', detail: 'A key of meta', insert: 'meta.' });
    }
  } else {
    const field = word.slice(0, colon).toLowerCase();
    const typed = word.slice(colon + 1).replace(/^"/, '');
    const values = valuesFor(field, cat);
    for (const v of values) {
      if (startsWith(v.value, typed) && v.value !== typed) {
        items.push({ label: v.value, detail: v.detail, insert: `${word.slice(0, colon + 1)}${quoteValue(v.value)} ` });
      }
    }
  }
  if (items.length === 0) return null;
  return { from, to, items: items.slice(0, MAX_ITEMS) };
}

function valuesFor(field: string, cat: Catalogue): { value: string; detail: string }[] {
  const n = (x: number) => x.toLocaleString('en-US');
  switch (field) {
    case 'tag':
    case 'tags':
      return cat.tag_names.map((t) => ({ value: t.name, detail: `${n(t.count)} images` }));
    case 'dataset':
      return cat.dataset_paths.map((p) => ({ value: p, detail: 'dataset' }));
    case 'source':
      return cat.sources.map((s) => ({ value: s.label, detail: `source ${s.id}` }));
    default: {
      const spec = cat.fields.find((f) => f.name === field || f.aliases.includes(field));
      return (spec?.values ?? []).map((v) => ({ value: v, detail: spec?.label ?? '' }));
    }
  }
}

/** The text with a suggestion applied, and where the caret goes. */
export function applyCompletion(text: string, c: Completion, s: Suggestion): { text: string; caret: number } {
  const before = text.slice(0, c.from) + s.insert;
  return { text: before + text.slice(c.to), caret: before.length };
}
