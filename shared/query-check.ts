import { LoupeError } from './errors';
import { fieldSpecOf, knownFieldNames, nearest } from './query-fields';
import type { Clause } from './query';
import { NUMBER_RE } from './search-text';

/** A syntax or field error, with where it is: `position` (UTF-16 offset) and the bad token. */
export class QuerySyntaxError extends LoupeError {
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly token: string,
    readonly suggestion?: string,
  ) {
    const at = token === '' ? `at the end (position ${position})` : `"${token}" at position ${position}`;
    const hint = suggestion ? ` — did you mean "${suggestion}"?` : '';
    super('INVALID_INPUT', `Query: ${reason}: ${at}${hint}`, {
      field: token,
      issues: [`${position}: ${reason}${hint}`],
    });
    this.name = 'QuerySyntaxError';
  }
}

/**
 * What is wrong with a clause for its field (unknown field, a non-number for a number field,
 * a has: value not offered), or null. The parser reports it with the position; the compiler
 * with the field.
 */
export function checkClause(c: Clause): string | null {
  const spec = fieldSpecOf(c.field);
  if (!spec) {
    const hint = nearest(c.field, knownFieldNames());
    return `unknown field "${c.field}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
  }
  if (c.op !== 'range' && c.op !== 'exists' && c.tag_value !== undefined && spec.type !== 'tag') {
    return 'only tag: takes NAME=VALUE';
  }
  switch (spec.type) {
    case 'text':
      return c.op === 'eq' ? null : 'free text takes no operator';
    case 'number':
    case 'snapshot': {
      if (c.op === 'exists') return spec.type === 'snapshot' ? 'snapshot: takes a saved search id' : null;
      const values = c.op === 'range' ? [c.min, c.max] : [c.value];
      for (const v of values) {
        if (v !== null && !NUMBER_RE.test(v)) return `${c.field} takes a number, not "${v}"`;
        // 1e400 is a number by its spelling but Infinity by its value, which SQL cannot bind.
        if (v !== null && !Number.isFinite(Number(v))) return `${c.field}: "${v}" is too large a number`;
      }
      return spec.type === 'snapshot' && c.op !== 'eq' ? 'snapshot: takes a saved search id' : null;
    }
    case 'has':
    case 'is':
      if (c.op !== 'eq' || !(spec.values ?? []).includes(c.value)) {
        const v = c.op === 'eq' ? c.value : '';
        const hint = nearest(v, spec.values ?? []);
        return `${spec.name}: takes ${(spec.values ?? []).join(', ')}${hint && v ? ` (did you mean "${hint}"?)` : ''}`;
      }
      return null;
    case 'tag':
    case 'dataset':
    case 'source':
      return c.op === 'eq' || c.op === 'exists' ? null : `${spec.name}: takes a name or a glob, not a comparison`;
    default:
      return c.op === 'eq' && c.value === '*' ? 'use field:* for "has a value"' : null;
  }
}

