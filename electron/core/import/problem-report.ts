import { writeFileSync } from 'node:fs';
import type { ImportProblem } from '../../../shared/jobs';

/**
 * The report of skipped records, one per line as the import worded it ("file line 7, field
 * width: why" — every message already names its file, line and field), so it reads well,
 * greps well and opens anywhere.
 */
export function formatProblemReport(title: string, problems: readonly ImportProblem[], skipped: number): string {
  const lines = problems.map((p) => p.message);
  const more = skipped > problems.length ? [`… and ${skipped - problems.length} more not listed`] : [];
  return [`# ${title}: ${skipped} record${skipped === 1 ? '' : 's'} skipped`, ...lines, ...more, ''].join('\n');
}

export function writeProblemReport(path: string, title: string, problems: readonly ImportProblem[], skipped: number): void {
  writeFileSync(path, formatProblemReport(title, problems, skipped));
}
