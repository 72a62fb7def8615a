import { useCallback, useEffect, useRef, useState } from 'react';
import { asAppError, call, pathsOf } from './api';
import type { ImportWhat } from './components/ImportMenu';
import { errorNotice, infoNotice, type Notice } from './notices';

const SKIP_BAD_KEY = 'loupe.import.skipBad';
/** The contract takes at most this many dropped paths at once. */
const MAX_DROPPED = 20;

function storedSkipBad(): boolean {
  try {
    return window.localStorage.getItem(SKIP_BAD_KEY) === '1';
  } catch {
    return false;
  }
}

/** A drag that carries files or folders from outside (not text or a link from the page). */
function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

export type ImportControls = {
  skipBad: boolean;
  setSkipBad: (on: boolean) => void;
  /** Opens main's file or folder dialog and starts the import. */
  pick: (what: ImportWhat) => Promise<void>;
  /** True while files are dragged over the window. */
  dragging: boolean;
  /** Saves the full list of records a job skipped, through main's save dialog. */
  saveReport: (jobId: string) => Promise<void>;
};

/**
 * Every way in: the Import menu, the empty state and drops anywhere on the window,
 * all through the same job with the same "skip bad records" choice. The page never sees a path:
 * dialogs run in main, and dropped files become paths in preload (Electron's webUtils).
 */
export function useImport(notify: (n: Notice) => void): ImportControls {
  const [skipBad, setSkip] = useState(storedSkipBad);
  const setSkipBad = useCallback((on: boolean) => {
    setSkip(on);
    try {
      window.localStorage.setItem(SKIP_BAD_KEY, on ? '1' : '0');
    } catch {
      // Private storage may be unavailable; the choice then lasts for this window only.
    }
  }, []);
  const skipRef = useRef(skipBad);
  useEffect(() => {
    skipRef.current = skipBad;
  });

  const pick = useCallback(
    async (what: ImportWhat) => {
      try {
        await call('import:pick', { what, skip_bad: skipRef.current });
      } catch (err) {
        notify(errorNotice('Import could not start', asAppError(err)));
      }
    },
    [notify],
  );

  const saveReport = useCallback(
    async (jobId: string) => {
      try {
        const { saved_to } = await call('jobs:saveReport', { job_id: jobId });
        if (saved_to) notify(infoNotice('Report saved', `The skipped records are listed in ${saved_to}.`));
      } catch (err) {
        notify(errorNotice('The report could not be saved', asAppError(err)));
      }
    },
    [notify],
  );

  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; count them to know when the drag left.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // allows the drop (and stops the browser opening the file)
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      void importDropped(files, skipRef.current, notify);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [notify]);

  return { skipBad, setSkipBad, pick, dragging, saveReport };
}

async function importDropped(files: File[], skipBad: boolean, notify: (n: Notice) => void) {
  if (files.length === 0) return;
  const paths = pathsOf(files);
  if (paths.length === 0) {
    notify(
      errorNotice('Nothing to import', {
        code: 'BAD_FILE',
        message: 'Loupe could not read where the dropped items are. Use Import → Import file… or Import project folder… instead.',
      }),
    );
    return;
  }
  if (paths.length > MAX_DROPPED) {
    notify(
      errorNotice('Too many items dropped', {
        code: 'INVALID_INPUT',
        message: `Drop at most ${MAX_DROPPED} files or folders at once (${paths.length} were dropped).`,
      }),
    );
    return;
  }
  try {
    await call('import:paths', { paths, skip_bad: skipBad });
  } catch (err) {
    notify(errorNotice('Import could not start', asAppError(err)));
  }
}
