import type { AppError } from '../../shared/errors';
import type { ImportProblem, Job } from '../../shared/jobs';
import { formatCount } from './format';

export type Notice = {
  id: string;
  tone: 'error' | 'warning' | 'success' | 'info';
  title: string;
  message: string;
  /** Lines such as "File: bad.jsonl" and "Line: 7", shown under the message. */
  details: string[];
  /** Errors stay until dismissed; other notices fade after a while. */
  sticky: boolean;
  /** Titled lists under the message (an import's warnings, the first records it skipped). */
  groups?: NoticeGroup[];
  /** A button on the notice, e.g. "Save report…" for the records an import skipped. */
  action?: NoticeAction;
  /** A newer notice on the same topic (the same sync, say) replaces this one. */
  topic?: string;
};

export type NoticeGroup = { title: string; lines: string[]; /** Items not listed. */ more: number };
export type NoticeAction = { kind: 'save-report'; label: string; jobId: string };

/** Lines a notice lists per group; the rest is counted ("and 12 more"). */
export const NOTICE_LINES = 5;

let seq = 0;

/** An AppError's details as short labelled lines. */
export function detailLines(error: AppError): string[] {
  const d = error.details;
  if (!d) return [];
  const lines: string[] = [];
  if (d.file) lines.push(`File: ${d.file}`);
  if (d.line !== undefined) lines.push(`Line: ${d.line}`);
  if (d.field) lines.push(`Field: ${d.field}`);
  for (const issue of d.issues ?? []) lines.push(issue);
  return lines;
}

export function errorNotice(title: string, error: AppError): Notice {
  return {
    id: `n${++seq}`,
    tone: 'error',
    title,
    message: error.message,
    details: [...detailLines(error), `Code: ${error.code}`],
    sticky: true,
  };
}

/** A job kind as a title; kinds added to the contract later read as "Job" until named here. */
function kindLabel(kind: string): string {
  switch (kind) {
    case 'import':
      return 'Import';
    case 'demo':
      return 'Demo data';
    case 'export':
      return 'Export';
    case 'remove-source':
      return 'Removal';
    case 'sync':
      return 'Sync';
    case 'thumbnails':
      return 'Thumbnails';
    case 'upgrade':
      return 'The cache upgrade';
    default:
      return 'Job';
  }
}

/** The note a finished job leaves: what it did, or why it stopped. */
export function jobNotice(job: Job): Notice {
  const what = kindLabel(job.kind);
  if (job.state === 'failed') {
    return errorNotice(
      `${what} failed — nothing was changed`,
      job.error ?? { code: 'INTERNAL', message: 'Unknown error.' },
    );
  }
  if (job.state === 'cancelled') {
    return {
      id: `n${++seq}`,
      tone: 'info',
      title: `${what} cancelled`,
      // A thumbnail run changes no record, and what it made before the cancel stays in the store.
      message:
        job.kind === 'thumbnails'
          ? 'Making thumbnails was cancelled; the ones made so far are kept.'
          : `${job.title} was cancelled; the cache is as it was before.`,
      details: [],
      sticky: false,
    };
  }
  const r = job.result;
  if (job.kind === 'export' && r?.output) {
    return {
      id: `n${++seq}`,
      tone: 'success',
      title: `${job.title} — done`,
      message: `${formatCount(r.records)} records written to ${r.output.path}, with a manifest beside it.`,
      details: [],
      sticky: false,
    };
  }
  if (job.kind === 'import' && r) return importNotice(job, r);
  if (job.kind === 'upgrade') {
    return {
      id: `n${++seq}`,
      tone: 'success',
      title: 'The cache is upgraded',
      message: 'It was written by an older Loupe and now has this version’s tables and indexes.',
      details: [],
      sticky: false,
    };
  }
  if (job.kind === 'thumbnails' && r) {
    return {
      id: `n${++seq}`,
      tone: 'success',
      title: `${job.title} — done`,
      message: `${formatCount(r.inserted)} made, ${formatCount(r.unchanged)} already kept, ${formatCount(r.skipped ?? 0)} without readable pixels.`,
      details: [...(r.warnings ?? []), ...(r.problems ?? []).map((p) => `${p.file}: ${p.message}`)],
      sticky: false,
    };
  }
  return {
    id: `n${++seq}`,
    tone: 'success',
    title: `${job.title} — done`,
    message: r
      ? `${formatCount(r.records)} records: ${formatCount(r.inserted)} new, ${formatCount(r.updated)} updated, ${formatCount(r.unchanged)} unchanged.`
      : 'Finished.',
    details: [],
    sticky: false,
  };
}

/** A skipped record as one line: `file:line: field: reason`, as the saved report writes it. */
export function problemLine(p: ImportProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}`;
  // Messages often start with the place again ("a.json: …", "a.jsonl line 7: …"): say it once.
  const repeated = [`${p.file} line ${p.line}: `, `${p.file}: `].find((x) => p.message.startsWith(x));
  const message = repeated ? p.message.slice(repeated.length) : p.message;
  return `${where}: ${p.field && p.field !== p.file ? `${p.field}: ` : ''}${message}`;
}

function group(title: string, all: readonly string[], total: number): NoticeGroup {
  const lines = all.slice(0, NOTICE_LINES);
  return { title, lines, more: Math.max(0, total - lines.length) };
}

/**
 * What a finished import says: the counts, what it skipped (with the first reasons and a way to
 * save them all) and what it passed over. It stays until dismissed when there is anything to
 * read beyond the counts.
 */
function importNotice(job: Job, r: NonNullable<Job['result']>): Notice {
  const counts = `${formatCount(r.records)} records: ${formatCount(r.inserted)} new, ${formatCount(r.updated)} updated, ${formatCount(r.unchanged)} unchanged`;
  const skipped = r.skipped > 0 ? `; ${formatCount(r.skipped)} skipped` : '';
  const groups: NoticeGroup[] = [];
  if (r.skipped > 0) {
    groups.push(group(`Skipped (${formatCount(r.skipped)})`, r.problems.map(problemLine), r.skipped));
  }
  if (r.warnings.length > 0) {
    groups.push(group(`Passed over (${formatCount(r.warnings.length)})`, r.warnings, r.warnings.length));
  }
  return {
    id: `n${++seq}`,
    tone: r.skipped > 0 ? 'warning' : 'success',
    title: `${job.title} — done${r.skipped > 0 ? ', with records skipped' : ''}`,
    message: `${counts}${skipped}.`,
    details: [],
    sticky: groups.length > 0,
    groups,
    ...(r.skipped > 0 ? { action: { kind: 'save-report', label: 'Save report…', jobId: job.id } } : {}),
  };
}

/** Where a saved report went. */
export function infoNotice(title: string, message: string): Notice {
  return { id: `n${++seq}`, tone: 'info', title, message, details: [], sticky: false };
}
