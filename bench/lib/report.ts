import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Machine } from './machine';
import type { BenchCase } from './types';

const INTRO = `# Benchmarks

Rows are appended by \`npm run bench -- CASE… [--scale N]\` (see [bench/README.md](bench/README.md));
previous rows are kept. **ratio** compares Loupe with a baseline measured in the same run on the
same machine: above 1 Loupe is better (throughput: ours ÷ baseline; latency: baseline ÷ ours).
RSS is the peak resident set of the process that ran each side, in MiB.
`;

const cell = (v: unknown) => String(v).replace(/\|/g, '\\|');

function header(c: BenchCase): string[] {
  const titles = [
    'date (UTC)',
    'machine',
    'cores',
    'RAM GiB',
    'Node',
    'SQLite',
    'load 1m',
    'scale',
    ...c.columns.map((col) => col.title),
  ];
  return [`| ${titles.join(' | ')} |`, `|${titles.map(() => ' --- ').join('|')}|`];
}

function row(
  c: BenchCase,
  m: Machine,
  scale: number,
  figures: Record<string, number>,
  at: Date,
): string {
  const date = at.toISOString().slice(0, 16).replace('T', ' ');
  const values = c.columns.map((col) =>
    col.keys.map((k) => (figures[k] === undefined ? '–' : figures[k])).join(' / '),
  );
  const cells = [date, m.cpu, m.cores, m.mem_gib, m.node, m.sqlite, m.load_1m, scale, ...values];
  return `| ${cells.map(cell).join(' | ')} |`;
}

/**
 * Appends one dated row to the case's table in BENCHMARKS.md, creating the file, the case's
 * section or (when the case's columns changed) a fresh table as needed.
 */
export function appendResult(
  file: string,
  c: BenchCase,
  m: Machine,
  scale: number,
  figures: Record<string, number>,
  at = new Date(),
): void {
  const lines = (existsSync(file) ? readFileSync(file, 'utf8') : INTRO)
    .replace(/\n+$/, '')
    .split('\n');
  const [head, sep] = header(c);
  const newRow = row(c, m, scale, figures, at);
  const section = lines.findIndex((l) => l.startsWith(`## ${c.id} `));
  if (section < 0) {
    lines.push('', `## ${c.id} — ${c.title}`, '', head as string, sep as string, newRow);
  } else {
    let end = section + 1;
    while (end < lines.length && !lines[end]?.startsWith('## ')) end++;
    // The last table line within the section, and the header of the table it belongs to.
    let last = end - 1;
    while (last > section && !lines[last]?.startsWith('|')) last--;
    let top = last;
    while (top > section && lines[top - 1]?.startsWith('|')) top--;
    if (last > section && lines[top] === head) lines.splice(last + 1, 0, newRow);
    else
      lines.splice(
        last > section ? last + 1 : section + 1,
        0,
        '',
        head as string,
        sep as string,
        newRow,
      );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
