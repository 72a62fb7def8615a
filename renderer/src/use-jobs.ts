import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job } from '../../shared/jobs';
import { call, on } from './api';

/**
 * Live job list: seeded from `jobs:list`, then kept current by `jobs:progress`. `onFinished`
 * runs once for each job that ends while the window watches (not for jobs that ended before).
 */
export function useJobs(onFinished: (job: Job) => void): {
  running: Job[];
  cancelling: ReadonlySet<string>;
  cancel: (id: string) => Promise<void>;
} {
  const [jobs, setJobs] = useState<ReadonlyMap<string, Job>>(new Map());
  const [cancelling, setCancelling] = useState<ReadonlySet<string>>(new Set());
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  });

  useEffect(() => {
    let live = true;
    const off = on('jobs:progress', (job) => {
      setJobs((prev) => new Map(prev).set(job.id, job));
      if (job.state !== 'running') finished.current(job);
    });
    call('jobs:list', {}).then(
      (list) => {
        if (!live) return;
        setJobs((prev) => {
          const next = new Map(prev);
          for (const j of list) if (!next.has(j.id)) next.set(j.id, j);
          return next;
        });
      },
      () => undefined, // the status bar simply shows no jobs; events still arrive
    );
    return () => {
      live = false;
      off();
    };
  }, []);

  const cancel = useCallback(async (id: string) => {
    setCancelling((prev) => new Set(prev).add(id));
    try {
      await call('jobs:cancel', { job_id: id });
    } catch {
      setCancelling((prev) => {
        const next = new Set(prev);
        next.delete(id);
        return next;
      });
    }
  }, []);

  const running = [...jobs.values()].filter((j) => j.state === 'running');
  return { running, cancelling, cancel };
}
