import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectProgress, ServerAccount } from '../../shared/sync';
import { call, on } from './api';

/** What the sync UI opens: one account's sheet, the connect form, or an account's changes. */
export type SyncUi = {
  sheet: number | null;
  connect: { serverUrl: string } | null;
  changes: number | null;
  openSheet: (sourceId: number) => void;
  openConnect: (serverUrl?: string) => void;
  openChanges: (sourceId: number) => void;
  close: (what: 'sheet' | 'connect' | 'changes') => void;
};

export function useSyncUi(): SyncUi {
  const [sheet, setSheet] = useState<number | null>(null);
  const [connect, setConnect] = useState<{ serverUrl: string } | null>(null);
  const [changes, setChanges] = useState<number | null>(null);
  return {
    sheet,
    connect,
    changes,
    openSheet: useCallback((id: number) => setSheet(id), []),
    openConnect: useCallback((serverUrl = '') => setConnect({ serverUrl }), []),
    openChanges: useCallback((id: number) => setChanges(id), []),
    close: useCallback((what: 'sheet' | 'connect' | 'changes') => {
      if (what === 'sheet') setSheet(null);
      else if (what === 'connect') setConnect(null);
      else setChanges(null);
    }, []),
  };
}

/** The connected accounts, reloaded when the cache changes or `version` moves. */
export function useServers(version: number): { accounts: ServerAccount[]; reload: () => void } {
  const [accounts, setAccounts] = useState<ServerAccount[]>([]);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => on('cache:changed', reload), [reload]);
  useEffect(() => {
    let live = true;
    call('servers:list', {}).then(
      (a) => live && setAccounts(a),
      () => undefined, // the section keeps what it showed; errors surface where the user acts
    );
    return () => {
      live = false;
    };
  }, [version, tick]);
  return { accounts, reload };
}

/**
 * Per-project sync progress, read from the core (so it is the same in any window and survives
 * closing any dialog): refreshed on every progress event of a sync job, at most ~8 times a
 * second, and once more when the job ends.
 */
export function useSyncProgress(): { progress: ProjectProgress[]; syncing: boolean; reload: () => void } {
  const [progress, setProgress] = useState<ProjectProgress[]>([]);
  const [syncing, setSyncing] = useState(false);
  const pending = useRef<number | null>(null);
  const load = useCallback(() => {
    call('sync:status', {}).then(setProgress, () => undefined);
  }, []);
  useEffect(() => {
    load();
    const off = on('jobs:progress', (job) => {
      if (job.kind !== 'sync') return;
      setSyncing(job.state === 'running');
      if (job.state !== 'running') {
        load();
        return;
      }
      if (pending.current !== null) return;
      pending.current = window.setTimeout(() => {
        pending.current = null;
        load();
      }, 120);
    });
    const offCache = on('cache:changed', load);
    call('jobs:list', {}).then((jobs) => setSyncing(jobs.some((j) => j.kind === 'sync' && j.state === 'running')), () => undefined);
    return () => {
      off();
      offCache();
      if (pending.current !== null) window.clearTimeout(pending.current);
    };
  }, [load]);
  return { progress, syncing, reload: load };
}

/** Everything the sync UI shares between the sidebar section, the panel and the dialogs. */
export type SyncState = SyncUi & {
  accounts: ServerAccount[];
  progress: ProjectProgress[];
  syncing: boolean;
  reload: () => void;
};

export function useSync(cacheVersion: number): SyncState {
  const ui = useSyncUi();
  const { accounts, reload: reloadAccounts } = useServers(cacheVersion);
  const { progress, syncing, reload: reloadProgress } = useSyncProgress();
  const reload = useCallback(() => {
    reloadAccounts();
    reloadProgress();
  }, [reloadAccounts, reloadProgress]);
  return { ...ui, accounts, progress, syncing, reload };
}
