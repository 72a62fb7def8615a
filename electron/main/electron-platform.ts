import { app, dialog, safeStorage, type BrowserWindow } from 'electron';
import type { PlatformPort, SaveDialogOptions } from '../core/platform';
import { electronSecretStore } from './electron-secrets';

/** The platform port with Electron's native dialogs. */
export function electronPlatform(window: () => BrowserWindow | null): PlatformPort {
  return {
    secrets: electronSecretStore(app.getPath('userData'), safeStorage),
    async pickImportFile() {
      const win = window();
      const options: Electron.OpenDialogOptions = {
        title: 'Import ImageInfo records',
        properties: ['openFile'],
        filters: [
          { name: 'ImageInfo dumps', extensions: ['json', 'jsonl', 'ndjson', 'gz'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return res.canceled ? null : (res.filePaths[0] ?? null);
    },
    async pickImportFolder() {
      const win = window();
      const options: Electron.OpenDialogOptions = {
        title: 'Import a Supervisely project folder',
        properties: ['openDirectory'],
      };
      const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return res.canceled ? null : (res.filePaths[0] ?? null);
    },
    async pickSavePath(opts: SaveDialogOptions) {
      const win = window();
      const options: Electron.SaveDialogOptions = {
        title: opts.title,
        defaultPath: opts.defaultName,
        filters: opts.filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const res = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return res.canceled || !res.filePath ? null : res.filePath;
    },
  };
}
