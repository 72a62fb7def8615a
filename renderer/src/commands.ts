/** An action of the command palette (Ctrl/Cmd+K). */
export type Command = {
  id: string;
  label: string;
  /** A group to show it under: "Import", "Sort", "Saved searches"… */
  group: string;
  /** Its own shortcut, if it has one. */
  keys?: string;
  run: () => void;
};

/**
 * Commands matching what was typed: every word must appear in the label or group, in any order
 * (so "sort size" finds "Sort by Size ↓"); labels that start with the text come first.
 */
export function matchCommands(commands: readonly Command[], text: string): Command[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...commands];
  const hits = commands.filter((c) => {
    const hay = `${c.group} ${c.label}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const t = text.trim().toLowerCase();
  return hits.sort((a, b) => Number(b.label.toLowerCase().startsWith(t)) - Number(a.label.toLowerCase().startsWith(t)));
}

/** The keys the `?` sheet lists. */
export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['/', 'Search (type-ahead: fields, tags, meta keys, datasets)'],
  ['Enter', 'In search: apply now · in the table: open the detail panel'],
  ['Esc', 'Close the panel, the menu or the suggestions; clear the search'],
  ['↑ ↓  or  j k', 'Move through the rows'],
  ['PgUp PgDn  Home End', 'Move a page, or to the first or last row'],
  ['↓ (in search)', 'Go to the table'],
  ['Ctrl/⌘ K', 'Command palette: import, export, demo, sort, saved searches…'],
  ['Click / Alt-click a facet', 'Include / exclude that value'],
  ['Click / Alt-click a chip', 'Switch it off and on / negate it'],
  ['?', 'This list'],
];

/** Commands in sections by `order` (unknown groups last), each section keeping the match order. */
export function groupCommands(commands: readonly Command[], order: readonly string[]): { group: string; commands: Command[] }[] {
  const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : order.length);
  const groups = new Map<string, Command[]>();
  for (const c of commands) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  return [...groups].sort(([a], [b]) => rank(a) - rank(b)).map(([group, list]) => ({ group, commands: list }));
}
