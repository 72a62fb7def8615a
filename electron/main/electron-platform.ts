import { dialog, type BrowserWindow } from 'electron';
import type { PlatformPort } from '../core/platform';

/** The platform port with Electron's native dialogs. */
export function electronPlatform(window: () => BrowserWindow | null): PlatformPort {
  return {
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
  };
}
