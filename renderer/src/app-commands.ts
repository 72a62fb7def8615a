import { COLUMNS, EXTRA_SORTS } from '../../shared/columns';
import type { Sort } from '../../shared/query';
import type { SavedSearch } from '../../shared/search';
import { THEMES, type Theme } from '../../shared/settings';
import type { Command } from './commands';

export type AppActions = {
  importFile: () => void;
  importFolder: () => void;
  exportView: (() => void) | null;
  loadDemo: () => void;
  setSort: (sort: Sort) => void;
  toggleDetail: () => void;
  focusSearch: () => void;
  saveSearch: (() => void) | null;
  clearFilters: (() => void) | null;
  saved: readonly SavedSearch[];
  openSaved: (s: SavedSearch) => void;
  help: () => void;
  chooseColumns: () => void;
  fitColumns: () => void;
  resetColumns: () => void;
  openSettings: () => void;
  connect: () => void;
  /** Server accounts: each one's sheet (sync) and its last changes. */
  accounts: readonly { id: number; label: string }[];
  openAccount: (id: number) => void;
  openChanges: (id: number) => void;
  toggleStats: (() => void) | null;
  layout: 'table' | 'grid';
  setLayout: (l: 'table' | 'grid') => void;
  makeThumbs: (() => void) | null;
  setTheme: (t: Theme) => void;
};

/**
 * The palette's groups in the order they are shown; the sixteen sort entries come last so the
 * actions people look for are on the first screen.
 */
export const COMMAND_GROUPS = ['Go to', 'File', 'Servers', 'Search', 'Saved searches', 'View', 'Columns', 'Theme', 'App', 'Sort'] as const;

const THEME_LABEL: Record<Theme, string> = { system: 'Theme: follow the system', light: 'Theme: light', dark: 'Theme: dark' };

/** What the command palette offers, from what the window can do right now. */
export function appCommands(a: AppActions): Command[] {
  const out: Command[] = [
    { id: 'import-file', group: 'File', label: 'Import file…', run: a.importFile },
    { id: 'import-folder', group: 'File', label: 'Import project folder…', run: a.importFolder },
    { id: 'demo', group: 'File', label: 'Load demo data', run: a.loadDemo },
  ];
  if (a.exportView) out.push({ id: 'export', group: 'File', label: 'Export…', keys: 'Ctrl/⌘ E', run: a.exportView });
  out.push({ id: 'connect', group: 'Servers', label: 'Connect a server…', run: a.connect });
  for (const acc of a.accounts) {
    out.push({ id: `sync-${acc.id}`, group: 'Servers', label: `Sync ${acc.label}…`, run: () => a.openAccount(acc.id) });
    out.push({ id: `changes-${acc.id}`, group: 'Servers', label: `What changed in ${acc.label}`, run: () => a.openChanges(acc.id) });
  }
  out.push({ id: 'search', group: 'Search', label: 'Focus search', keys: '/', run: a.focusSearch });
  if (a.saveSearch) out.push({ id: 'save-search', group: 'Search', label: 'Save current search…', run: a.saveSearch });
  if (a.clearFilters) out.push({ id: 'clear', group: 'Search', label: 'Clear filters', run: a.clearFilters });
  for (const s of a.saved) {
    out.push({ id: `saved-${s.id}`, group: 'Saved searches', label: `Open “${s.name}”`, run: () => a.openSaved(s) });
  }
  out.push({ id: 'detail', group: 'View', label: 'Toggle detail panel', keys: 'Enter / Esc', run: a.toggleDetail });
  if (a.toggleStats) out.push({ id: 'stats', group: 'View', label: 'Toggle statistics', run: a.toggleStats });
  out.push(
    a.layout === 'table'
      ? { id: 'layout-grid', group: 'View', label: 'Show thumbnails (grid)', run: () => a.setLayout('grid') }
      : { id: 'layout-table', group: 'View', label: 'Show the table', run: () => a.setLayout('table') },
  );
  if (a.makeThumbs) out.push({ id: 'thumbs', group: 'View', label: 'Make thumbnails for this view', run: a.makeThumbs });
  out.push({ id: 'columns', group: 'Columns', label: 'Choose columns…', run: a.chooseColumns });
  out.push({ id: 'columns-fit', group: 'Columns', label: 'Fit columns to the window', run: a.fitColumns });
  out.push({ id: 'columns-reset', group: 'Columns', label: 'Reset columns to the default', run: a.resetColumns });
  for (const t of THEMES) out.push({ id: `theme-${t}`, group: 'Theme', label: THEME_LABEL[t], run: () => a.setTheme(t) });
  out.push({ id: 'settings', group: 'App', label: 'Settings…', keys: 'Ctrl/⌘ ,', run: a.openSettings });
  out.push({ id: 'help', group: 'App', label: 'Keyboard shortcuts', keys: '?', run: a.help });
  const sorts = [...COLUMNS.filter((c) => c.sortSql !== null), ...EXTRA_SORTS];
  for (const c of sorts) {
    for (const dir of ['asc', 'desc'] as const) {
      out.push({
        id: `sort-${c.key}-${dir}`,
        group: 'Sort',
        label: `Sort by ${c.label} ${dir === 'asc' ? '↑ ascending' : '↓ descending'}`,
        run: () => a.setSort({ key: c.key, dir }),
      });
    }
  }
  return out;
}

/** Typed digits (optionally after "#"): an entry that opens that image's detail. */
export function goToCommands(text: string, goTo: (id: number) => void): Command[] {
  const m = /^\s*#?(\d{1,15})\s*$/.exec(text);
  if (!m) return [];
  const id = Number(m[1]);
  return [{ id: `goto-${id}`, group: 'Go to', label: `Open image ${id}`, keys: 'by id', run: () => goTo(id) }];
}
