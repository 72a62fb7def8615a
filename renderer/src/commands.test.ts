import { describe, expect, it } from 'vitest';
import { appCommands, COMMAND_GROUPS, goToCommands } from './app-commands';
import { groupCommands, matchCommands, type Command } from './commands';

const cmd = (group: string, label: string): Command => ({ id: label, group, label, run: () => undefined });
const all = [cmd('Import', 'Import file…'), cmd('Sort', 'Sort by Size ↓'), cmd('Sort', 'Sort by Name ↑'), cmd('Saved', 'Open “size review”')];

describe('command palette matching', () => {
  it('matches every word in any order, label starts first', () => {
    expect(matchCommands(all, 'size sort').map((c) => c.label)).toEqual(['Sort by Size ↓']);
    expect(matchCommands(all, 'size').map((c) => c.label)).toEqual(['Sort by Size ↓', 'Open “size review”']);
    expect(matchCommands(all, '').length).toBe(4);
    expect(matchCommands(all, 'nothing here')).toEqual([]);
  });
});

describe('palette groups', () => {
  it('puts sections in the given order, keeps match order inside, and sorts land last', () => {
    const noop = () => undefined;
    const list = appCommands({
      importFile: noop, importFolder: noop, exportView: noop, loadDemo: noop, setSort: noop, toggleDetail: noop,
      focusSearch: noop, saveSearch: null, clearFilters: null, saved: [], openSaved: noop, help: noop,
      chooseColumns: noop, fitColumns: noop, resetColumns: noop, openSettings: noop, connect: noop,
      accounts: [{ id: 3, label: 'alice @ host' }], openAccount: noop, openChanges: noop, toggleStats: noop,
      layout: 'table', setLayout: noop, makeThumbs: noop, setTheme: noop,
    });
    const sections = groupCommands(list, COMMAND_GROUPS);
    expect(sections.map((s) => s.group)).toEqual(['File', 'Servers', 'Search', 'View', 'Columns', 'Theme', 'App', 'Sort']);
    expect(sections[1]?.commands.map((c) => c.label)).toEqual(['Connect a server…', 'Sync alice @ host…', 'What changed in alice @ host']);
    const labels = list.map((c) => c.label);
    for (const l of ['Export…', 'Choose columns…', 'Fit columns to the window', 'Theme: dark', 'Settings…', 'Toggle statistics', 'Show thumbnails (grid)']) {
      expect(labels).toContain(l);
    }
    expect(goToCommands('#770024', noop).map((c) => c.label)).toEqual(['Open image 770024']);
    expect(goToCommands('sort', noop)).toEqual([]);
    expect(groupCommands(matchCommands(list, 'sort size'), COMMAND_GROUPS).map((s) => s.group)).toEqual(['Sort']);
  });
});
