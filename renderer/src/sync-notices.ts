import type { Job } from '../../shared/jobs';
import { formatCount } from './format';
import { errorNotice, type Notice } from './notices';

let seq = 0;

/**
 * What a finished sync says. Unlike an import, a sync that stops keeps every page it wrote and
 * resumes from there, so the words differ from jobNotice's "nothing was changed".
 */
export function syncNotice(job: Job): Notice {
  // One notice per sync: a resumed sync that succeeds replaces the error of the stopped one.
  return { ...describe(job), topic: `sync:${job.title}` };
}

function describe(job: Job): Notice {
  if (job.state === 'failed') {
    const err = job.error ?? { code: 'INTERNAL' as const, message: 'Unknown error.' };
    return errorNotice('Sync stopped — what it fetched is kept; Resume continues from there', err);
  }
  if (job.state === 'cancelled') {
    return {
      id: `sync${++seq}`,
      tone: 'info',
      title: 'Sync cancelled',
      message: `${job.title} stopped. What it fetched is kept and nothing was deleted; the next sync resumes where it stopped.`,
      details: [],
      sticky: false,
    };
  }
  const r = job.result;
  const warnings = r?.warnings ?? [];
  return {
    id: `sync${++seq}`,
    tone: warnings.length ? 'info' : 'success',
    title: `${job.title} — done`,
    message: r
      ? `${formatCount(r.inserted)} new, ${formatCount(r.updated)} updated, ${formatCount(r.deleted ?? 0)} deleted (${formatCount(r.records)} records compared).`
      : 'Finished.',
    details: warnings,
    sticky: warnings.length > 0,
  };
}
