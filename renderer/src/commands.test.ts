import { describe, expect, it } from 'vitest';
import { matchCommands, type Command } from './commands';

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
