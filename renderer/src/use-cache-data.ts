import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import type { Source } from '../../shared/records';
import { asAppError, call } from './api';

export type AppInfo = ChannelOutput<'app:info'>;

/**
 * What the chrome around the table shows about the cache — totals, size, sources — reloaded
 * whenever `version` changes (the app bumps it on `cache:changed` and when a job ends).
 */
export function useCacheData(version: number): {
  info: AppInfo | null;
  sources: Source[];
  error: AppError | null;
} {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [sources, setSources] = useState<Source[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([call('app:info', {}), call('sources:list', {})]).then(
      ([i, s]) => {
        if (!live) return;
        setInfo(i);
        setSources(s);
        setError(null);
      },
      (err: unknown) => live && setError(asAppError(err)),
    );
    return () => {
      live = false;
    };
  }, [version]);
  return { info, sources, error };
}
