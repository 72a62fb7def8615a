import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Job } from '../../shared/jobs';
import type { AppError } from '../../shared/errors';
import type { Sort } from '../../shared/query';
import type { Source } from '../../shared/records';
import { asAppError, call, hasBridge, on } from './api';
import { DropOverlay } from './components/DropOverlay';
import { appCommands, COMMAND_GROUPS, goToCommands } from './app-commands';
import { accountLabel } from './sync-format';
import { ChipBar } from './components/ChipBar';
import { ColumnChooser } from './components/ColumnChooser';
import { DetailPanel } from './components/DetailPanel';
import { EmptyState } from './components/EmptyState';
import { ExportDialog } from './components/ExportDialog';
import { SettingsDialog } from './components/SettingsDialog';
import { ImageTable } from './components/ImageTable';
import { ThumbGrid } from './components/ThumbGrid';
import { ViewSwitch } from './components/ViewSwitch';
import { useGridView } from './use-grid-view';
import { Notices } from './components/Notices';
import { SearchBar } from './components/SearchBar';
import { SavedSearches, SearchFilters, SearchOverlays } from './components/SearchLayer';
import { Sidebar } from './components/Sidebar';
import { StatsPanel } from './components/StatsPanel';
import { StatusBar } from './components/StatusBar';
import { TopBar } from './components/TopBar';
import { errorNotice, infoNotice, jobNotice, type Notice } from './notices';
import { useCacheData } from './use-cache-data';
import { useImageView } from './use-image-view';
import { useImport } from './use-import';
import { useJobs } from './use-jobs';
import { useWorkbench } from './use-workbench';
import { useSync } from './use-sync';
import { syncNotice } from './sync-notices';
import { ServersNav, SyncLayer } from './components/SyncLayer';

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
  const notify = useCallback(
    (n: Notice) =>
      setNotices((prev) => [...prev.filter((p) => !n.topic || p.topic !== n.topic).slice(-3), n]),
    [],
  );
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

  // Search: the query as text and chips, facets, saved searches, palette and keys.
  const ws = useWorkbench(cacheVersion, sources);
  const { query, sort, setSort } = ws.search;
  const { pager, snapshot } = useImageView(query, cacheVersion);
  const grid = useGridView(query, useCallback((title: string, err: AppError) => notify(errorNotice(title, err)), [notify]));

  const [focused, setFocused] = useState(0);
  const [detailOpen, setDetailOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [chooserOpen, setChooserOpen] = useState(false);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const columnLayout = ws.search.columns;
  const metaKeys = ws.catalogue?.meta_keys;
  const numericMeta = useMemo(
    () => new Set((metaKeys ?? []).filter((k) => k.type === 'number').map((k) => k.key)),
    [metaKeys],
  );
  // The stats panel shares the detail panel's column; the detail panel wins while it is open.
  const [statsOpen, setStatsOpen] = useState(false);
  // Main's File menu: Export… opens the top bar's dialog; imports run with the page's choices.
  const { pick } = importer;
  useEffect(
    () =>
      on('menu:command', (c) => {
        if (c.command === 'export') setExportOpen(true);
        else if (c.command === 'settings') setSettingsOpen(true);
        else void pick(c.command === 'import-file' ? 'file' : 'folder');
      }),
    [pick],
  );
  const [detailRowId, setDetailRowId] = useState<number | null>(null);
  // An image opened by id from the palette: shown until the user moves to another row.
  const [goneTo, setGoneTo] = useState<{ rowId: number; focused: number } | null>(null);
  const [resetKey, setResetKey] = useState(query);
  if (resetKey !== query) {
    // A new query starts at its first row (state adjusted during render, not in an effect).
    setResetKey(query);
    setFocused(0);
  }

  // The panel follows the focused row once that row has loaded.
  const focusedRowId = pager.rowAt(focused)?.row_id ?? null;
  if (goneTo && (goneTo.focused !== focused || !detailOpen)) setGoneTo(null);
  const shownRowId = detailOpen ? (goneTo?.rowId ?? focusedRowId ?? detailRowId) : null;
  if (detailOpen && focusedRowId !== null && focusedRowId !== detailRowId)
    setDetailRowId(focusedRowId);

  const onSort = useCallback(
    (key: Sort['key']) => {
      setSort((s) =>
        s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' },
      );
    },
    [setSort],
  );
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

  const goToRecord = useCallback(
    async (id: number) => {
      try {
        // The id field's own index finds it; the view's rows carry the row id the panel reads.
        const view = await call('images:openView', { query: { text: `id:${id}` }, lane: 'goto', first: 1 });
        const row = view.rows[0];
        if (!row) {
          notify(infoNotice(`No image with id ${id}`, 'The cache holds no image with that id.'));
          return;
        }
        setStatsOpen(false);
        setDetailOpen(true);
        setGoneTo({ rowId: row.row_id, focused });
      } catch (err) {
        notify(errorNotice(`Image ${id} could not be opened`, asAppError(err)));
      }
    },
    [notify, focused],
  );
  const setTheme = useCallback(
    (theme: 'system' | 'light' | 'dark') => {
      call('settings:set', { theme }).catch((err: unknown) => notify(errorNotice('The theme could not be changed', asAppError(err))));
    },
    [notify],
  );

  const empty = info !== null && info.image_count === 0;
  const viewError = snapshot.status === 'error' ? snapshot.error : null;
  const commands = appCommands({
    importFile: () => void startImport('file'),
    importFolder: () => void startImport('folder'),
    exportView: empty ? null : () => setExportOpen(true),
    loadDemo: () => void loadDemo(),
    setSort,
    toggleDetail: () => setDetailOpen((o) => !o),
    focusSearch: ws.focusSearch,
    saveSearch: ws.filtering ? () => ws.setOverlay('save') : null,
    clearFilters: ws.search.filter.children.length > 0 ? ws.chip.clear : null,
    saved: ws.saved.list,
    openSaved: ws.openSaved,
    help: () => ws.setOverlay('help'),
    chooseColumns: () => setChooserOpen(true),
    fitColumns: columnLayout.fitToWindow,
    resetColumns: columnLayout.reset,
    openSettings: () => setSettingsOpen(true),
    connect: () => sync.openConnect(),
    accounts: sync.accounts.map((a) => ({ id: a.source_id, label: accountLabel(a) })),
    openAccount: sync.openSheet,
    openChanges: sync.openChanges,
    toggleStats: empty
      ? null
      : () => {
          setDetailOpen(false);
          setStatsOpen((o) => !o);
        },
    layout: grid.layout,
    setLayout: grid.setLayout,
    makeThumbs: !empty && snapshot.total > 0 ? grid.makeThumbs : null,
    setTheme,
  });
  return (
    <div className={`app${detailOpen || statsOpen ? ' has-detail' : ''}${sidebarOpen ? ' sidebar-open' : ''}`}>
      <TopBar
        search={
          <SearchBar
            text={ws.search.text}
            onText={ws.search.setText}
            onCommit={ws.search.commit}
            error={ws.search.error}
            catalogue={ws.catalogue}
            disabled={empty}
            inputRef={ws.searchInput}
            onLeave={ws.focusTable}
            onFocus={ws.refreshCatalogue}
          />
        }
        filtered={ws.filtering}
        matching={info === null || snapshot.status === 'idle' ? null : snapshot.total}
        cached={info?.image_count ?? null}
        searching={ws.search.pending || snapshot.status === 'opening'}
        sort={sort}
        disabled={empty}
        onImport={startImport}
        skipBad={importer.skipBad}
        onSkipBad={importer.setSkipBad}
        onExport={() => setExportOpen(true)}
        onColumns={() => setChooserOpen(true)}
        onToggleSidebar={() => setSidebarOpen((o) => !o)}
        sidebarOpen={sidebarOpen}
        onStats={() => {
          setDetailOpen(false);
          setStatsOpen((o) => !o);
        }}
        statsOpen={statsOpen && !detailOpen}
      />
      <Sidebar sources={sources} total={info?.image_count ?? null} onRemoveSource={removeSource} onPickSource={ws.pickSource} activeSources={ws.activeSources} onAll={ws.filtering ? ws.chip.clear : undefined} filters={<SearchFilters ws={ws} />}>
        <SavedSearches ws={ws} onError={(title, err) => notify(errorNotice(title, asAppError(err)))} />
        <ServersNav sync={sync} onError={(title, err) => notify(errorNotice(title, err))} />
      </Sidebar>
      <main className="centre" aria-label="Images">
        {!empty && (
          <ChipBar
            filter={ws.search.filter}
            onToggle={ws.chip.toggle}
            onNegate={ws.chip.negate}
            onRemove={ws.chip.remove}
            onClear={ws.chip.clear}
            onSave={() => ws.setOverlay('save')}
            prefixTerms={snapshot.prefixTerms}
          />
        )}
        {(infoError ?? viewError) && (
          <div className="centre-error" role="alert" data-testid="view-error">
            {(infoError ?? viewError)?.message}
          </div>
        )}
        {empty ? (
          <EmptyState busy={running.length > 0} onImport={startImport} onDemo={loadDemo} onConnect={() => sync.openConnect()} />
        ) : info !== null ? (
          <>
            <ViewSwitch layout={grid.layout} onLayout={grid.setLayout} tileSize={grid.tileSize} onTileSize={grid.setTileSize} selectedCount={grid.selected.size} onMakeThumbs={snapshot.total > 0 ? grid.makeThumbs : null} />
            {grid.layout === 'grid' ? (
              <ThumbGrid
                pager={pager}
                snapshot={snapshot}
                focused={focused}
                onFocusRow={setFocused}
                onOpen={openDetail}
                onClose={closeDetail}
                resetKey={resetKey}
                tileSize={grid.tileSize}
                selected={grid.selected}
                onToggleSelect={grid.toggleSelect}
              />
            ) : (
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
                columns={columnLayout}
                numericMeta={numericMeta}
                onChooseColumns={() => setChooserOpen(true)}
              />
            )}
            {snapshot.status === 'ready' && snapshot.total === 0 && (
              <div className="no-results" data-testid="no-results">
                <p>No images match “{ws.search.text.trim()}”.</p>
                <button type="button" className="button" onClick={ws.chip.clear}>
                  Clear search
                </button>
              </div>
            )}
          </>
        ) : null}
        <Notices notices={notices} onDismiss={dismiss} onAction={onNoticeAction} />
      </main>
      {detailOpen && <DetailPanel rowId={shownRowId} onClose={closeDetail} />}
      {statsOpen && !detailOpen && !empty && (
        <StatsPanel
          query={query}
          cacheVersion={cacheVersion}
          catalogue={ws.catalogue}
          onFilter={(clause) => ws.pickFacet({ label: '', count: 0, clause }, false)}
          onClose={() => setStatsOpen(false)}
        />
      )}
      <StatusBar jobs={running} cancelling={cancelling} onCancel={cancel} info={info} />
      <SyncLayer sync={sync} />
      {exportOpen && !empty && (
        <ExportDialog
          query={query}
          total={snapshot.status === 'idle' ? null : snapshot.total}
          selection={focusedRowId === null ? [] : [focusedRowId]}
          visibleColumns={columnLayout.layout.columns}
          onClose={() => setExportOpen(false)}
          onStarted={() => setExportOpen(false)}
        />
      )}
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
      <SearchOverlays ws={ws} commands={commands} groups={COMMAND_GROUPS} fromText={(text) => (empty ? [] : goToCommands(text, (id) => void goToRecord(id)))} total={snapshot.status === 'idle' ? null : snapshot.total} />
      {chooserOpen && (
        <ColumnChooser columns={columnLayout} metaKeys={metaKeys ?? []} onClose={() => setChooserOpen(false)} />
      )}
      {importer.dragging && <DropOverlay skipBad={importer.skipBad} />}
    </div>
  );
}
