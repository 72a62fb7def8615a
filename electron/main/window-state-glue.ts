import { screen, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { readJsonFile, writeJsonFile } from '../core/desktop/json-file';
import {
  placeWindow,
  rememberPlacement,
  windowStateSchema,
  type DisplayInfo,
  type WindowPlacement,
} from '../core/desktop/window-state';

function displays(): DisplayInfo[] {
  const primary = screen.getPrimaryDisplay().id;
  return screen
    .getAllDisplays()
    .map((d) => ({ id: d.id, bounds: d.bounds, workArea: d.workArea, primary: d.id === primary }));
}

/** Where the window should open, from window-state.json in the user-data folder. */
export function savedPlacement(
  userData: string,
  defaults: { width: number; height: number },
): WindowPlacement {
  return placeWindow(
    readJsonFile(join(userData, 'window-state.json'), windowStateSchema, {}),
    displays(),
    defaults,
  );
}

/** Saves the window's place (its normal bounds when maximised) whenever it moves, resizes or closes. */
export function trackPlacement(win: BrowserWindow, userData: string): void {
  const file = join(userData, 'window-state.json');
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    if (win.isDestroyed() || win.isMinimized()) return;
    const placement = { ...win.getNormalBounds(), maximized: win.isMaximized() };
    writeJsonFile(
      file,
      rememberPlacement(readJsonFile(file, windowStateSchema, {}), displays(), placement),
    );
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const)
    win.on(e as 'resize', later);
  win.on('close', save);
}
