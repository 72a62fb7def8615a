import type { AppError } from '../../shared/errors';
import type { Job } from '../../shared/jobs';
import { formatCount } from './format';

export type Notice = {
  id: string;
  tone: 'error' | 'success' | 'info';
  title: string;
  message: string;
  /** Lines such as "File: bad.jsonl" and "Line: 7", shown under the message. */
  details: string[];
  /** Errors stay until dismissed; other notices fade after a while. */
  sticky: boolean;
};

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
      message: `${job.title} was cancelled; the cache is as it was before.`,
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
