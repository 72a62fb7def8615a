import { app, BrowserWindow, Menu } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVENT_CHANNEL } from '../../shared/channels';
import { createCore, type Core } from '../core/app-core';
import { resolveCachePath } from '../core/cache/cache-path';
import { electronPlatform } from './electron-platform';
import { registerIpc } from './register-ipc';
import { hardenApp } from './security';
import { declareThumbScheme, serveThumbs } from './thumb-protocol';
import { windowOptions } from './window-options';

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;

const devUrl = process.env.ELECTRON_RENDERER_URL;
const indexHtml = join(__dirname, '../renderer/index.html');

function isOurPage(url: string): boolean {
  if (devUrl) return url.startsWith(devUrl);
  return url.split('#')[0] === pathToFileURL(indexHtml).href;
}

function createWindow(): void {
  mainWindow = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.js')));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  if (devUrl) void mainWindow.loadURL(devUrl);
  else void mainWindow.loadFile(indexHtml);
}

function buildMenu(c: Core): void {
  // The page runs menu imports (and opens its export dialog) so its choices apply, such as
  // "skip bad records"; main's dialogs then ask which file. With no window (macOS keeps the
  // app and its menu alive), main imports by itself.
  const command = (name: 'export' | 'import-file' | 'import-folder') => () => {
    if (mainWindow) mainWindow.webContents.send(EVENT_CHANNEL, 'menu:command', { command: name });
    else if (name !== 'export') void c.handlers['import:pick']({ what: name === 'import-file' ? 'file' : 'folder', skip_bad: false });
  };
  const loadDemo = () => void c.handlers['demo:load']({ count: 20_000, seed: 7 });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
      {
        label: 'File',
        submenu: [
          { label: 'Import File…', accelerator: 'CmdOrCtrl+O', click: command('import-file') },
          { label: 'Import Project Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: command('import-folder') },
          { label: 'Load Demo Data', click: loadDemo },
          { type: 'separator' },
          { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: command('export') },
          { type: 'separator' },
          process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
        ],
      },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
}

declareThumbScheme();

app.whenReady().then(() => {
  hardenApp();
  core = createCore({
    cachePath: resolveCachePath({ argv: process.argv, userData: app.getPath('userData') }),
    version: app.getVersion(),
    platform: electronPlatform(() => mainWindow),
    emit: (event, payload) => mainWindow?.webContents.send(EVENT_CHANNEL, event, payload),
    workerScript: { path: join(__dirname, 'job-worker.js') },
    readerScript: { path: join(__dirname, 'read-worker.js') },
    thumbScript: { path: join(__dirname, 'thumb-worker.js') },
  });
  registerIpc(core.handlers, isOurPage);
  serveThumbs(core.thumbs);
  buildMenu(core);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void core?.close();
});
