import { useEffect, useRef, useState } from 'react';
import { groupCommands, matchCommands, type Command } from '../commands';

type Props = {
  commands: readonly Command[];
  /** The order of the groups' sections. */
  groups: readonly string[];
  /** Entries made from the typed text itself (digits → open that image). */
  fromText?: (text: string) => Command[];
  onClose: () => void;
};

/**
 * Ctrl/Cmd+K: type to filter the actions, arrows to move (across the groups' sections),
 * PgUp/PgDn to jump a section, Enter to run, Esc to close. The list scrolls with a visible
 * bar, fades at the edge that has more, and the footer counts what is listed.
 */
export function CommandPalette({ commands, groups, fromText, onClose }: Props) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [edges, setEdges] = useState({ above: false, below: false });
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const sections = groupCommands([...(fromText?.(text) ?? []), ...matchCommands(commands, text)], groups);
  const shown = sections.flatMap((s) => s.commands);
  const starts = sections.reduce<number[]>((acc, s, i) => [...acc, i === 0 ? 0 : (acc[i - 1] as number) + (sections[i - 1] as { commands: Command[] }).commands.length], []);
  const at = Math.min(active, Math.max(0, shown.length - 1));

  const measure = () => {
    const el = list.current;
    if (!el) return;
    const next = { above: el.scrollTop > 1, below: el.scrollTop + el.clientHeight < el.scrollHeight - 1 };
    setEdges((e) => (e.above === next.above && e.below === next.below ? e : next));
  };
  useEffect(() => {
    input.current?.focus();
  }, []);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${at}"]`)?.scrollIntoView({ block: 'nearest' });
    measure();
  });

  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    c.run();
  };
  const jumpSection = (dir: 1 | -1) => {
    const cur = starts.findLastIndex((s) => s <= at);
    const next = dir === 1 ? starts[cur + 1] : at > (starts[cur] ?? 0) ? starts[cur] : starts[cur - 1];
    if (next !== undefined) setActive(next);
  };

  let index = 0;
  return (
    <div className="dialog-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette">
        <input
          ref={input}
          className="palette-input"
          placeholder="Type a command, or an image id to open it…"
          value={text}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown.length ? `command-${at}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            const n = shown.length;
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              if (n) setActive((at + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
            } else if (e.key === 'PageDown' || e.key === 'PageUp') {
              e.preventDefault();
              jumpSection(e.key === 'PageDown' ? 1 : -1);
            } else if (e.key === 'Enter') {
              e.preventDefault();
              run(shown[at]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onClose();
            }
          }}
          data-testid="palette-input"
        />
        <div
          className={`palette-list${edges.above ? ' has-above' : ''}${edges.below ? ' has-below' : ''}`}
          id="palette-list"
          role="listbox"
          aria-label="Commands"
          ref={list}
          onScroll={measure}
          data-testid="palette-list"
        >
          {shown.length === 0 && <div className="palette-empty">No matching command</div>}
          {sections.map((s, si) => (
            <div key={s.group} role="group" aria-labelledby={`palette-group-${si}`} className="palette-section" data-testid="palette-section">
              <div className="palette-heading" id={`palette-group-${si}`} role="presentation" data-testid="palette-heading">
                {s.group}
              </div>
              {s.commands.map((c) => {
                const i = index++;
                return (
                  <div
                    key={c.id}
                    id={`command-${i}`}
                    role="option"
                    aria-selected={i === at}
                    className={`palette-item${i === at ? ' is-active' : ''}`}
                    data-index={i}
                    data-command={c.id}
                    onMouseEnter={() => setActive(i)}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      run(c);
                    }}
                    data-testid="palette-item"
                  >
                    <span className="palette-label">{c.label}</span>
                    {c.keys && <kbd>{c.keys}</kbd>}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div className="palette-footer" data-testid="palette-footer">
          <span>
            {shown.length} {shown.length === 1 ? 'command' : 'commands'} in {sections.length} {sections.length === 1 ? 'group' : 'groups'}
            {edges.below ? ' · scroll for more' : ''}
          </span>
          <span className="palette-keys">
            <kbd>↑↓</kbd> move <kbd>PgUp PgDn</kbd> group <kbd>Enter</kbd> run
          </span>
        </div>
      </div>
    </div>
  );
}
