import type { ImportProgress } from '../import/import-records';
import type { CliIo } from './cli-types';

/** Progress on stderr, at most four times a second, only on a terminal. */
export function progressPrinter(io: CliIo): (p: ImportProgress) => void {
  let last = 0;
  return (p) => {
    if (!io.isTTY || Date.now() - last < 250) return;
    last = Date.now();
    const pct = p.fraction === null ? '' : ` (${Math.round(p.fraction * 100)}%)`;
    io.err(`\r${p.records.toLocaleString('en')} records${pct}   `);
  };
}
