import { COLUMNS, EXTRA_SORTS } from '../../shared/columns';
import type { Sort } from '../../shared/query';
import type { SavedSearch } from '../../shared/search';
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
};

/** What the command palette offers, from what the window can do right now. */
export function appCommands(a: AppActions): Command[] {
  const out: Command[] = [
    { id: 'import-file', group: 'Import', label: 'Import file…', run: a.importFile },
    { id: 'import-folder', group: 'Import', label: 'Import project folder…', run: a.importFolder },
    { id: 'demo', group: 'Import', label: 'Load demo data', run: a.loadDemo },
  ];
  if (a.exportView) out.push({ id: 'export', group: 'Export', label: 'Export…', keys: 'Ctrl/⌘ E', run: a.exportView });
  out.push({ id: 'search', group: 'Search', label: 'Focus search', keys: '/', run: a.focusSearch });
  if (a.saveSearch) out.push({ id: 'save-search', group: 'Search', label: 'Save current search…', run: a.saveSearch });
  if (a.clearFilters) out.push({ id: 'clear', group: 'Search', label: 'Clear filters', run: a.clearFilters });
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
  out.push({ id: 'columns', group: 'View', label: 'Choose columns…', run: a.chooseColumns });
  out.push({ id: 'columns-fit', group: 'View', label: 'Fit columns to the window', run: a.fitColumns });
  out.push({ id: 'columns-reset', group: 'View', label: 'Reset columns to the default', run: a.resetColumns });
  out.push({ id: 'detail', group: 'View', label: 'Toggle detail panel', keys: 'Enter / Esc', run: a.toggleDetail });
  for (const s of a.saved) {
    out.push({ id: `saved-${s.id}`, group: 'Saved searches', label: `Open “${s.name}”`, run: () => a.openSaved(s) });
  }
  out.push({ id: 'settings', group: 'App', label: 'Settings…', keys: 'Ctrl/⌘ ,', run: a.openSettings });
  out.push({ id: 'help', group: 'Help', label: 'Keyboard shortcuts', keys: '?', run: a.help });
  return out;
}
