import type { ValueKind } from './export-columns';

/**
 * Characters that make a spreadsheet read a text cell as a formula (or, for tab, CR and NUL,
 * that some importers strip so a formula follows): OWASP's CSV-injection list plus NUL.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;
/** A field must be quoted when it holds a quote, a comma or a line break (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 field: quoted (quotes doubled) only when it must be. */
export function quoteField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A text cell as a spreadsheet sees it safely: a leading `'` when it starts like a formula,
 * unless `raw` is set. Numbers never come through here (they are written as numbers).
 */
export function guardText(text: string, raw: boolean): string {
  return !raw && FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV field for a value of a given kind. Numbers we write as numbers (integers from
 * integer columns, numbers from meta) are exempt from the guard: `-5` stays a number. Every
 * string — names, JSON text, a numeric-looking string — is text and is guarded.
 */
export function csvField(value: unknown, kind: ValueKind, raw: boolean): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'string':
      return quoteField(guardText(value, raw));
    default:
      // A nested meta value (object or array) goes out as JSON text.
      return kind === 'dynamic' ? quoteField(guardText(JSON.stringify(value), raw)) : '';
  }
}

/** RFC 4180 lines end with CRLF. */
export const CSV_EOL = '\r\n';
