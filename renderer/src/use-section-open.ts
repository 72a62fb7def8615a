import { useCallback, useState } from 'react';

/** Where the window keeps which sidebar sections are folded between starts. */
const STORAGE_KEY = 'loupe.sidebar-sections';

function readAll(): Record<string, boolean> {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'boolean')) as Record<string, boolean>;
  } catch {
    return {};
  }
}

/** Whether one sidebar section is open, remembered in local storage (open until folded). */
export function useSectionOpen(id: string): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(() => readAll()[id] ?? true);
  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      try {
        // Read again: other sections write the same entry.
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...readAll(), [id]: next }));
      } catch {
        // Storage full or blocked: the section still folds for this session.
      }
    },
    [id],
  );
  return [open, setOpen];
}
