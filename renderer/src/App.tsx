import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Job } from '../../shared/jobs';
import type { Query, Sort } from '../../shared/query';
import type { Source } from '../../shared/records';
import { COLUMNS } from '../../shared/columns';
import { asAppError, call, hasBridge, on } from './api';
import { DropOverlay } from './components/DropOverlay';
import { DetailPanel } from './components/DetailPanel';
import { EmptyState } from './components/EmptyState';
import { ExportDialog } from './components/ExportDialog';
import { ImageTable } from './components/ImageTable';
import { Notices } from './components/Notices';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { TopBar } from './components/TopBar';
import { errorNotice, jobNotice, type Notice } from './notices';
import { useCacheData } from './use-cache-data';
import { useDebouncedValue } from './use-debounced-value';
import { useImageView } from './use-image-view';
import { useImport } from './use-import';
import { useJobs } from './use-jobs';
import { useSync } from './use-sync';
import { syncNotice } from './sync-notices';
import { ServersNav, SyncLayer } from './components/SyncLayer';

const SEARCH_DEBOUNCE_MS = 200;
const DEMO_COUNT = 20_000;

export function App() {
  if (!hasBridge()) {
    return (
      <main className="fatal" role="alert">
        <h1>Loupe cannot reach its core</h1>
        <p>
          The window opened without its bridge (window.loupe). Restart Loupe; if this persists,
          reinstall it.
        </p>
      </main>
    );
  }
  return <Loupe />;
}

function Loupe() {
  const [cacheVersion, setCacheVersion] = useState(0);
  const bump = useCallback(() => setCacheVersion((v) => v + 1), []);
  useEffect(() => on('cache:changed', bump), [bump]);
  const { info, sources, error: infoError } = useCacheData(cacheVersion);

  const [notices, setNotices] = useState<Notice[]>([]);
  const notify = useCallback((n: Notice) => setNotices((prev) => [...prev.slice(-3), n]), []);
  const dismiss = useCallback(
    (id: string) => setNotices((prev) => prev.filter((n) => n.id !== id)),
    [],
  );
  const onJobFinished = useCallback(
    (job: Job) => {
      notify(job.kind === 'sync' ? syncNotice(job) : jobNotice(job));
      // Failed and cancelled jobs change nothing, but the totals shown may be stale anyway.
      if (job.state !== 'done') bump();
    },
    [notify, bump],
  );
  const { running, cancelling, cancel } = useJobs(onJobFinished);
  const importer = useImport(notify);
  const onNoticeAction = useCallback(
    (n: Notice) => {
      if (n.action?.kind === 'save-report') void importer.saveReport(n.action.jobId);
    },
    [importer],
  );
  const removeSource = useCallback(
    async (source: Source) => {
      try {
        await call('sources:remove', { source_id: source.id });
      } catch (err) {
        notify(errorNotice(`${source.label} could not be removed`, asAppError(err)));
      }
    },
    [notify],
  );
  const sync = useSync(cacheVersion);

  const [text, setText] = useState('');
  const settledText = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const [sort, setSort] = useState<Sort>({ key: 'name', dir: 'asc' });
  const query = useMemo<Query>(
    () => ({ text: settledText.trim(), sort: [sort] }),
    [settledText, sort],
  );
  const { pager, snapshot } = useImageView(query, cacheVersion);

  const [focused, setFocused] = useState(0);
  const [detailOpen, setDetailOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  // File → Export… in main's menu opens the same dialog as the top bar's button.
  useEffect(() => on('menu:command', (c) => c.command === 'export' && setExportOpen(true)), []);
  const [detailRowId, setDetailRowId] = useState<number | null>(null);
  const [resetKey, setResetKey] = useState(query);
  if (resetKey !== query) {
    // A new query starts at its first row (state adjusted during render, not in an effect).
    setResetKey(query);
    setFocused(0);
  }

  // The panel follows the focused row once that row has loaded.
  const focusedRowId = pager.rowAt(focused)?.row_id ?? null;
  const shownRowId = detailOpen ? (focusedRowId ?? detailRowId) : null;
  if (detailOpen && focusedRowId !== null && focusedRowId !== detailRowId)
    setDetailRowId(focusedRowId);

  const onSort = useCallback((key: Sort['key']) => {
    setSort((s) =>
      s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' },
    );
  }, []);
  const openDetail = useCallback(() => setDetailOpen(true), []);
  const closeDetail = useCallback(() => setDetailOpen(false), []);

  const startImport = importer.pick;
  const loadDemo = async () => {
    try {
      await call('demo:load', { count: DEMO_COUNT });
    } catch (err) {
      notify(errorNotice('Demo data could not be loaded', asAppError(err)));
    }
  };

  useEffect(() => {
    if (!detailOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) setDetailOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [detailOpen]);

  const empty = info !== null && info.image_count === 0;
  const viewError = snapshot.status === 'error' ? snapshot.error : null;
  return (
    <div className={`app${detailOpen ? ' has-detail' : ''}`}>
      <TopBar
        text={text}
        onText={setText}
        matching={info === null || snapshot.status === 'idle' ? null : snapshot.total}
        cached={info?.image_count ?? null}
        searching={text !== settledText || snapshot.status === 'opening'}
        sort={sort}
        disabled={empty}
        onImport={startImport}
        skipBad={importer.skipBad}
        onSkipBad={importer.setSkipBad}
        onExport={() => setExportOpen(true)}
      />
      <Sidebar sources={sources} total={info?.image_count ?? null} onRemoveSource={removeSource} extra={<ServersNav sync={sync} onError={(title, err) => notify(errorNotice(title, err))} />} />
      <main className="centre">
        {(infoError ?? viewError) && (
          <div className="centre-error" role="alert" data-testid="view-error">
            {(infoError ?? viewError)?.message}
          </div>
        )}
        {empty ? (
          <EmptyState busy={running.length > 0} onImport={startImport} onDemo={loadDemo} />
        ) : info !== null ? (
          <>
            <ImageTable
              pager={pager}
              snapshot={snapshot}
              sort={sort}
              onSort={onSort}
              focused={focused}
              onFocusRow={setFocused}
              onOpen={openDetail}
              onClose={closeDetail}
              resetKey={resetKey}
            />
            {snapshot.status === 'ready' && snapshot.total === 0 && (
              <div className="no-results" data-testid="no-results">
                <p>No images match “{query.text}”.</p>
                <button type="button" className="button" onClick={() => setText('')}>
                  Clear search
                </button>
              </div>
            )}
          </>
        ) : null}
        <Notices notices={notices} onDismiss={dismiss} onAction={onNoticeAction} />
      </main>
      {detailOpen && <DetailPanel rowId={shownRowId} onClose={closeDetail} />}
      <StatusBar jobs={running} cancelling={cancelling} onCancel={cancel} info={info} />
      <SyncLayer sync={sync} />
      {exportOpen && !empty && (
        <ExportDialog
          query={query}
          total={snapshot.status === 'idle' ? null : snapshot.total}
          selection={focusedRowId === null ? [] : [focusedRowId]}
          visibleColumns={COLUMNS.map((c) => c.key)}
          onClose={() => setExportOpen(false)}
          onStarted={() => setExportOpen(false)}
        />
      )}
      {importer.dragging && <DropOverlay skipBad={importer.skipBad} />}
    </div>
  );
}
