import { useEffect, useRef } from 'react';

export type ShortcutHandlers = {
  /** `/`: focus the search box. */
  focusSearch: () => void;
  /** Ctrl/Cmd+K: the command palette. */
  palette: () => void;
  /** `?`: the list of keys. */
  help: () => void;
};

/** Typing into a field (or a dialog's control) keeps its keys: `/` and `?` are text there. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return el.isContentEditable || el.closest('input, textarea, select, [role="dialog"], [role="alertdialog"]') !== null;
}

/** The window-wide keys (search, palette, help); the table handles its own (arrows, j/k, Enter, Esc). */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const h = useRef(handlers);
  useEffect(() => {
    h.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        h.current.palette();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        h.current.focusSearch();
      } else if (e.key === '?') {
        e.preventDefault();
        h.current.help();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
