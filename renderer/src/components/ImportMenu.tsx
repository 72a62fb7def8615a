import { useEffect, useRef, useState } from 'react';
import { Icon } from './Icon';

export type ImportWhat = 'file' | 'folder';

type Props = {
  onImport: (what: ImportWhat) => void;
  /** Skip bad records (and report them) instead of refusing the whole import. */
  skipBad: boolean;
  onSkipBad: (on: boolean) => void;
};

/**
 * The top bar's Import menu: a file (JSON, JSON Lines, gzipped), a Supervisely project folder,
 * and whether bad records fail the import or are skipped into a report. Drag and drop and the
 * empty state use the same choice.
 */
export function ImportMenu({ onImport, skipBad, onSkipBad }: Props) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const choose = (what: ImportWhat) => {
    setOpen(false);
    onImport(what);
  };

  return (
    <div
      className="menu-root"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          root.current?.querySelector<HTMLButtonElement>('[data-testid="topbar-import"]')?.focus();
        } else if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
          e.preventDefault();
          const items = [...(root.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
          const at = items.indexOf(document.activeElement as HTMLElement);
          const next = (at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
          items[next]?.focus();
        }
      }}
    >
      <button
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="topbar-import"
      >
        <Icon name="import" size={14} />
        Import
        <Icon name="down" size={12} />
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="Import" data-testid="import-menu">
          <button
            ref={first}
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => choose('file')}
            data-testid="import-file"
          >
            <Icon name="file" size={14} />
            <span>
              Import file…
              <span className="menu-note">JSON, JSON Lines, gzipped</span>
            </span>
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => choose('folder')}
            data-testid="import-folder"
          >
            <Icon name="folder" size={14} />
            <span>
              Import project folder…
              <span className="menu-note">A Supervisely project as downloaded</span>
            </span>
          </button>
          <div className="menu-separator" role="separator" />
          <button
            type="button"
            role="menuitemcheckbox"
            aria-checked={skipBad}
            className="menu-item"
            onClick={() => onSkipBad(!skipBad)}
            data-testid="import-skip-bad"
          >
            <span className={`menu-check${skipBad ? ' is-on' : ''}`} aria-hidden="true">
              {skipBad && <Icon name="check" size={12} />}
            </span>
            <span>
              Skip bad records (report them)
              <span className="menu-note">
                {skipBad
                  ? 'Good records are imported; the rest are listed in a report'
                  : 'Off: one bad record stops the import and nothing changes'}
              </span>
            </span>
          </button>
        </div>
      )}
    </div>
  );
}
