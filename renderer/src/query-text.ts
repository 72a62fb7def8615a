import type { Filter } from '../../shared/query';
import { parseQueryText, QuerySyntaxError } from '../../shared/query-language';

/** A query that does not parse: why, and where (UTF-16 offset and the token to highlight). */
export type QueryTextError = {
  message: string;
  reason: string;
  position: number;
  token: string;
  /** "Did you mean": the nearest known field (or value) when the token looks like a typo. */
  suggestion: string | null;
};

export type ParsedText = { ok: true; filter: Filter } | { ok: false; error: QueryTextError };

/** Parses search-box text with the shared query language; errors say where, never throw. */
export function parseText(text: string): ParsedText {
  try {
    return { ok: true, filter: parseQueryText(text) };
  } catch (err) {
    if (err instanceof QuerySyntaxError) {
      return {
        ok: false,
        error: {
          message: err.message,
          reason: err.reason,
          position: err.position,
          token: err.token,
          suggestion: err.suggestion ?? null,
        },
      };
    }
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { message, reason: message, position: 0, token: '', suggestion: null } };
  }
}

/**
 * The text with the error's token swapped for its suggestion (unknown field `widht:` →
 * `width:`); null when the suggestion is not a plain replacement (`meta.KEY`).
 */
export function applySuggestion(text: string, error: QueryTextError): string | null {
  const s = error.suggestion;
  if (!s || s.includes('KEY') || error.token === '') return null;
  if (text.slice(error.position, error.position + error.token.length) !== error.token) return null;
  return text.slice(0, error.position) + s + text.slice(error.position + error.token.length);
}
