import type { Job } from '../../../shared/jobs';
import { formatBytes, formatCount, formatDuration, formatRate } from '../format';
import type { AppInfo } from '../use-cache-data';

type Props = {
  jobs: Job[];
  cancelling: ReadonlySet<string>;
  onCancel: (id: string) => void;
  info: AppInfo | null;
};

/** Running jobs on the left; what the cache holds on the right. */
export function StatusBar({ jobs, cancelling, onCancel, info }: Props) {
  return (
    <footer className="statusbar" aria-label="Status" data-testid="statusbar">
      <div className="status-jobs" aria-live="polite">
        {jobs.length === 0 ? (
          <span className="muted">Ready</span>
        ) : (
          jobs.map((j) => (
            <JobProgress key={j.id} job={j} cancelling={cancelling.has(j.id)} onCancel={onCancel} />
          ))
        )}
      </div>
      {info && (
        <div className="status-cache" data-testid="cache-summary" title={info.cache_path}>
          <span>{formatCount(info.image_count)} images</span>
          <span className="sep" aria-hidden="true">
            ·
          </span>
          <span>
            {formatCount(info.source_count)} {info.source_count === 1 ? 'source' : 'sources'}
          </span>
          <span className="sep" aria-hidden="true">
            ·
          </span>
          <span>Cache {formatBytes(info.cache_bytes)}</span>
          <span className="sep" aria-hidden="true">
            ·
          </span>
          <span className="muted">v{info.version}</span>
        </div>
      )}
    </footer>
  );
}

/** What a job does to the records it counts, as the status bar says it while it runs. */
const JOB_VERB: Record<Job['kind'], string> = {
  import: 'Reading',
  demo: 'Reading',
  sync: 'Reading',
  export: 'Writing',
  'remove-source': 'Removing',
  'cache-move': 'Copying',
  thumbnails: 'Making thumbnails',
  upgrade: 'Upgrading',
};

/** Jobs that still index and commit once every record is read. */
const FINISHING: Partial<Record<Job['kind'], string>> = {
  import: 'Indexing: read',
  demo: 'Indexing: read',
};

function JobProgress({
  job,
  cancelling,
  onCancel,
}: {
  job: Job;
  cancelling: boolean;
  onCancel: (id: string) => void;
}) {
  const fraction = job.total ? Math.min(1, job.done / job.total) : null;
  const counts = job.total ? `${formatCount(job.done)} of ${formatCount(job.total)}` : formatCount(job.done);
  const phase =
    job.done === 0 && job.total === null
      ? 'Starting…'
      : job.total !== null && job.done >= job.total && FINISHING[job.kind]
        ? `${FINISHING[job.kind]} ${counts} records`
        : `${JOB_VERB[job.kind]}… ${counts} records`;
  // An upgrade counts steps, not records, and cannot stop half-way: its share and no Cancel.
  const upgrade = job.kind === 'upgrade';
  return (
    <div className="job" data-testid="job" data-job-id={job.id}>
      <span className="job-title">
        {upgrade ? `${job.title}… ${Math.round((fraction ?? 0) * 100)}%` : job.title}
      </span>
      <span
        className={`progress${fraction === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label={job.title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <span
          className="progress-fill"
          style={{ width: fraction === null ? undefined : `${fraction * 100}%` }}
        />
      </span>
      {!upgrade && (
        <span className="job-numbers">
          {phase}
          {job.rate_per_s > 0 && ` · ${formatRate(job.rate_per_s)}`}
          {job.eta_s !== null && job.eta_s > 0 && ` · ${formatDuration(job.eta_s)} left`}
        </span>
      )}
      {!upgrade && (
        <button
          type="button"
          className="button button-small"
          onClick={() => onCancel(job.id)}
          disabled={cancelling}
          data-testid="job-cancel"
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}
