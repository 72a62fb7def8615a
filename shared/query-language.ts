/**
 * The query language: a Lucene-like text form of the filter tree that round-trips
 * exactly with the chips (`parseQueryText(formatFilter(f))` equals `f`, property-tested).
 *
 *   tag:review -tag:blurry width:>1000 meta.camera:"cam 07" labels:0
 *   created:[2024-01-01 TO 2024-02-01] dataset:"train/*" (ext:png OR ext:webp) ~has:link
 *
 * - bare or quoted words are free text; `field:value` (`:` `:>` `:>=` `:<` `:<=`),
 *   `field:[a TO b]` (`{}` exclusive, `*` open), `field:*` (exists), `tag:NAME=VALUE`;
 * - implicit AND, `OR` (binds looser than AND), parentheses; `-` or `NOT` negates;
 *   `~` marks a switched-off chip (kept in the text, ignored when matching);
 * - quoted strings escape `"` and `\` with a backslash; `*` and `?` are wildcards in text
 *   fields (`\*` literal).
 *
 * Why hand-written rather than liqe: liqe 3.8 (the maintained candidate) cannot parse the
 * issue's own examples — ranges are numeric only (`created:[2024-01-01 TO 2024-02-01]` is a
 * syntax error), `tag:weather=rain` and `dataset:train/*` are syntax errors — its serializer
 * does not escape quotes (`"a\"b"` comes back as `"a"b"`), it coerces bare values to numbers
 * and booleans (losing `010`), and its errors give a column but not the token. shared/ may only
 * import zod (it runs in every process). The grammar is small; property tests hold it to its
 * contract (round trip, never a crash on any input).
 *
 * The parts: query-parser.ts (text → filter), query-format.ts (filter → canonical text),
 * query-check.ts (what a clause may hold, and the error that names the bad token).
 */
export { QuerySyntaxError, checkClause } from './query-check';
export { parseQueryText } from './query-parser';
export { formatClause, formatFilter } from './query-format';
