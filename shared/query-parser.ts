import { fieldByName, knownFieldNames, META_PREFIX, nearest, TEXT_FIELD } from './query-fields';
import { MAX_FILTER_DEPTH, type Clause, type Filter, type FilterNode } from './query';
import { checkClause, QuerySyntaxError } from './query-check';

/** The query language's parser (grammar in query-language.ts): text in, a filter tree out. */

const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);
const FIELD_RE = /(?:meta\.(?:"(?:[^"\\]|\\[^])*"|[^\s:()"]+)|[A-Za-z_][A-Za-z0-9_]*):/y;

type Op = Clause['op'];

/** Parses query-language text into a filter; throws QuerySyntaxError naming the token. */
export function parseQueryText(text: string): Filter {
  return new Parser(text).parseAll();
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parseAll(): Filter {
    const { op, children } = this.parseOr();
    this.skipSpace();
    if (this.pos < this.src.length) {
      throw this.error(this.peek() === ')' ? 'unmatched ")"' : 'unexpected text', this.tokenAt(this.pos));
    }
    return { op, children };
  }

  private error(reason: string, token: string, at = this.pos, suggestion?: string): QuerySyntaxError {
    return new QuerySyntaxError(reason, at, token, suggestion);
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private skipSpace(): void {
    while (isSpace(this.peek())) this.pos++;
  }

  /** The word starting at `at` (up to whitespace or a parenthesis), for error messages. */
  private tokenAt(at: number): string {
    let end = at;
    while (end < this.src.length && !isSpace(this.src[end]) && (end === at || !'()'.includes(this.src[end] as string))) end++;
    return this.src.slice(at, end);
  }

  /** A keyword (AND, OR, NOT) standing alone at the cursor. */
  private keywordAt(word: string): boolean {
    if (!this.src.startsWith(word, this.pos)) return false;
    const next = this.src[this.pos + word.length];
    return next === undefined || isSpace(next) || next === '(' || (word !== 'NOT' && next === ')');
  }

  private atTermEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.src.length || this.peek() === ')';
  }

  private parseOr(): { op: 'and' | 'or'; children: FilterNode[] } {
    const parts: FilterNode[][] = [this.parseAnd()];
    for (;;) {
      this.skipSpace();
      if (!this.keywordAt('OR')) break;
      const at = this.pos;
      this.pos += 2;
      if (parts.at(-1)?.length === 0) throw this.error('nothing before OR', 'OR', at);
      if (this.atTermEnd()) throw this.error('nothing after OR', 'OR', at);
      parts.push(this.parseAnd());
    }
    if (parts.length === 1) return { op: 'and', children: parts[0] as FilterNode[] };
    const children = parts.map((p): FilterNode =>
      p.length === 1 ? (p[0] as FilterNode) : { type: 'group', op: 'and', children: p, negated: false, enabled: true },
    );
    return { op: 'or', children };
  }

  private parseAnd(): FilterNode[] {
    const terms: FilterNode[] = [];
    for (;;) {
      if (this.atTermEnd() || this.keywordAt('OR')) return terms;
      if (this.keywordAt('AND')) {
        const at = this.pos;
        this.pos += 3;
        if (terms.length === 0) throw this.error('nothing before AND', 'AND', at);
        if (this.atTermEnd() || this.keywordAt('OR') || this.keywordAt('AND')) {
          throw this.error('nothing after AND', 'AND', at);
        }
      }
      terms.push(this.parseUnary());
    }
  }

  private parseUnary(): FilterNode {
    let enabled = true;
    let negated = false;
    const start = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === '~' && enabled) {
        enabled = false;
        this.pos++;
      } else if (c === '-' && !negated) {
        negated = true;
        this.pos++;
      } else if (!negated && this.keywordAt('NOT')) {
        negated = true;
        this.pos += 3;
        this.skipSpace();
      } else break;
    }
    if (this.pos > start && (this.pos >= this.src.length || isSpace(this.peek()) || this.peek() === ')')) {
      throw this.error('nothing to negate or switch off after', this.src.slice(start, this.pos).trim(), start);
    }
    if (this.keywordAt('AND') || this.keywordAt('OR')) {
      throw this.error(`${this.src.slice(this.pos, this.pos + 3).trim()} cannot follow "-" or "~"`, this.tokenAt(this.pos));
    }
    const node = this.parsePrimary();
    node.negated = negated;
    node.enabled = enabled;
    return node;
  }

  private parsePrimary(): FilterNode {
    const c = this.peek();
    if (c === '(') {
      const at = this.pos;
      if (++this.depth > MAX_FILTER_DEPTH) throw this.error('groups nested too deeply', '(', at);
      this.pos++;
      const { op, children } = this.parseOr();
      this.skipSpace();
      if (this.peek() !== ')') throw this.error('missing ")" for the "(" at ' + at, this.tokenAt(this.pos));
      this.pos++;
      this.depth--;
      return { type: 'group', op, children, negated: false, enabled: true };
    }
    if (c === '"') {
      return { type: 'clause', field: TEXT_FIELD, op: 'eq', value: this.readQuoted(), negated: false, enabled: true };
    }
    FIELD_RE.lastIndex = this.pos;
    const m = FIELD_RE.exec(this.src);
    if (m) return this.parseField(m[0]);
    const at = this.pos;
    const word = this.readBare(['"']);
    const colon = word.indexOf(':');
    if (colon >= 0) {
      const name = word.slice(0, colon);
      if (name === '') throw this.error('a field name must come before ":"', word, at);
      throw this.error(`"${name}" is not a field name (quote free text that contains ":")`, word, at);
    }
    if (word === '') throw this.error('unexpected character', this.tokenAt(at), at);
    return { type: 'clause', field: TEXT_FIELD, op: 'eq', value: word, negated: false, enabled: true };
  }

  /** A field clause; `raw` is the field name with its colon, as matched. */
  private parseField(raw: string): FilterNode {
    const at = this.pos;
    const name = raw.slice(0, -1);
    let field: string;
    if (name.startsWith(META_PREFIX)) {
      const keyText = name.slice(META_PREFIX.length);
      const key = keyText.startsWith('"') ? unquote(keyText) : keyText;
      if (key === '') throw this.error('a meta key cannot be empty', raw, at);
      field = META_PREFIX + key;
    } else {
      const spec = fieldByName(name);
      if (!spec) {
        const suggestion = name === 'meta' ? 'meta.KEY' : nearest(name, knownFieldNames());
        throw this.error('unknown field', name, at, suggestion);
      }
      field = spec.name;
    }
    this.pos += raw.length;
    let op: Op = 'eq';
    for (const [text, o] of [['>=', 'gte'], ['<=', 'lte'], ['>', 'gt'], ['<', 'lt']] as const) {
      if (this.src.startsWith(text, this.pos)) {
        op = o;
        this.pos += text.length;
        break;
      }
    }
    const c = this.peek();
    const clauseAt = at;
    let clause: Clause;
    if (op === 'eq' && (c === '[' || c === '{')) clause = this.parseRange(field);
    else if (op === 'eq' && c === '*' && this.delimiterAt(this.pos + 1)) {
      this.pos++;
      clause = { type: 'clause', field, op: 'exists', negated: false, enabled: true };
    } else {
      const isTag = field === 'tag';
      const value = this.readValue(isTag ? ['"', '='] : ['"'], `a value after "${this.src.slice(at, this.pos)}"`);
      clause = { type: 'clause', field, op, value, negated: false, enabled: true };
      if (isTag && this.peek() === '=') {
        this.pos++;
        clause.tag_value = this.readValue(['"'], 'a tag value after "="');
      }
    }
    const problem = checkClause(clause);
    if (problem) throw this.error(problem, this.src.slice(clauseAt, this.pos), clauseAt);
    return clause;
  }

  private delimiterAt(i: number): boolean {
    const c = this.src[i];
    return c === undefined || isSpace(c) || c === ')' || c === '(';
  }

  private parseRange(field: string): Clause {
    const open = this.peek();
    this.pos++;
    this.skipSpace();
    const min = this.readBound();
    this.skipSpace();
    if (!this.src.startsWith('TO', this.pos) || !isSpace(this.src[this.pos + 2])) {
      throw this.error('expected "TO" in a range', this.tokenAt(this.pos));
    }
    this.pos += 2;
    this.skipSpace();
    const max = this.readBound();
    this.skipSpace();
    const close = this.peek();
    if (close !== ']' && close !== '}') throw this.error('expected "]" or "}" to close the range', this.tokenAt(this.pos));
    this.pos++;
    return {
      type: 'clause',
      field,
      op: 'range',
      min,
      max,
      min_inclusive: open === '[',
      max_inclusive: close === ']',
      negated: false,
      enabled: true,
    };
  }

  private readBound(): string | null {
    if (this.peek() === '"') return this.readQuoted();
    const at = this.pos;
    while (this.pos < this.src.length && !isSpace(this.peek()) && !']}"'.includes(this.peek() as string)) this.pos++;
    const text = this.src.slice(at, this.pos);
    if (text === '') throw this.error('expected a range bound', this.tokenAt(at), at);
    return text === '*' ? null : text;
  }

  private readValue(stops: string[], what: string): string {
    if (this.peek() === '"') return this.readQuoted();
    const at = this.pos;
    const v = this.readBare(stops);
    if (v === '') throw this.error(`expected ${what}`, this.tokenAt(at), at);
    return v;
  }

  /** Characters up to whitespace, a parenthesis or one of `stops`, taken literally. */
  private readBare(stops: string[]): string {
    const at = this.pos;
    for (let c = this.peek(); c !== undefined && !isSpace(c) && c !== '(' && c !== ')' && !stops.includes(c); c = this.peek()) {
      this.pos++;
    }
    return this.src.slice(at, this.pos);
  }

  private readQuoted(): string {
    const at = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw this.error('unterminated quote', this.src.slice(at, at + 20), at);
      this.pos++;
      if (c === '"') return out;
      if (c === '\\') {
        const n = this.peek();
        if (n === '"' || n === '\\') {
          out += n;
          this.pos++;
          continue;
        }
      }
      out += c;
    }
  }
}

function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(["\\])/g, '$1');
}
