import { app, BrowserWindow, dialog, nativeTheme, shell } from 'electron';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../core/app-core';
import { resolveCachePath } from '../core/cache/cache-path';
import { finishCacheMove } from '../core/desktop/cache-location';
import { fileArguments } from '../core/desktop/open-files';
import { problemReport } from '../core/desktop/problem-report';
import { LogFile } from '../core/desktop/log-file';
import { EVENT_CHANNEL } from '../../shared/channels';
import type { EventPayload } from '../../shared/contract';
import { buildMenu } from './app-menu';
import { electronPlatform } from './electron-platform';
import { registerIpc } from './register-ipc';
import { hardenApp } from './security';
import { selfTestMode } from './self-test-mode';
import { savedPlacement, trackPlacement } from './window-state-glue';
import { declareThumbScheme, serveThumbs } from './thumb-protocol';
import { windowOptions } from './window-options';

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;

const devUrl = process.env.ELECTRON_RENDERER_URL;
const indexHtml = join(__dirname, '../renderer/index.html');
const selfTest = process.argv.includes('--self-test');
/** The launch's own arguments: after the executable, and after the app folder when unpackaged. */
const launchArgs = (argv: readonly string[]) => argv.slice(app.isPackaged ? 1 : 2);
const isDirectory = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

function isOurPage(url: string): boolean {
  if (devUrl) return url.startsWith(devUrl);
  return url.split('#')[0] === pathToFileURL(indexHtml).href;
}

// One Loupe per user: a second launch hands its files to the first and quits. The self-test
// runs beside a running app on purpose, on a temporary cache of its own.
if (!selfTest && !app.requestSingleInstanceLock()) app.quit();

/** Files opened with Loupe (command line, file manager, a second launch) are imported. */
function openFiles(paths: readonly string[]): void {
  if (!core || paths.length === 0) return;
  void core.handlers['import:paths']({ paths: [...paths].slice(0, 20), skip_bad: false });
}

function createWindow(): void {
  const userData = app.getPath('userData');
  const place = savedPlacement(userData, { width: 1440, height: 900 });
  mainWindow = new BrowserWindow({ ...windowOptions(join(__dirname, '../preload/index.js')), ...place });
  if (place.maximized) mainWindow.maximize();
  trackPlacement(mainWindow, userData);
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  if (devUrl) void mainWindow.loadURL(devUrl);
  else void mainWindow.loadFile(indexHtml);
}

function focusWindow(): void {
  if (!mainWindow) return createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function reportProblem(log: LogFile): void {
  const tail = existsSync(log.path) ? readFileSync(log.path, 'utf8').trimEnd().split('\n').slice(-200) : [];
  const text = problemReport({
    version: app.getVersion(),
    os: platform(),
    osRelease: release(),
    arch: arch(),
    versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node },
    logTail: tail,
  });
  const file = join(app.getPath('logs'), `problem-report-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`);
  writeFileSync(file, text, { mode: 0o600 });
  shell.showItemInFolder(file);
}

/** After a cache move: the copy is used from the next start, which the user can make now. */
async function offerRestart(): Promise<void> {
  const options = {
    type: 'info' as const,
    message: 'The cache was copied to its new place.',
    detail: 'Loupe uses it from the next start and then removes the old copy. Restart now?',
    buttons: ['Restart Now', 'Later'],
    defaultId: 0,
    cancelId: 1,
  };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  if (response !== 0) return;
  app.relaunch();
  app.quit();
}

// macOS hands files over by event, before or after the app is ready.
const earlyFiles: string[] = [];
app.on('open-file', (event, path) => {
  event.preventDefault();
  if (core) openFiles([path]);
  else earlyFiles.push(path);
});

declareThumbScheme();

app.whenReady().then(() => {
  hardenApp();
  if (selfTest) return void selfTestMode({ main: __dirname, indexHtml });
  const log = new LogFile({ dir: app.getPath('logs') });
  log.captureProcessOutput();
  log.write('info', `Loupe ${app.getVersion()} starting on ${platform()} ${release()} (${arch()})`);
  const userData = app.getPath('userData');
  const cachePath = resolveCachePath({ argv: process.argv, userData });
  core = createCore({
    cachePath,
    userData,
    version: app.getVersion(),
    platform: electronPlatform(() => mainWindow),
    emit: (event, payload) => {
      mainWindow?.webContents.send(EVENT_CHANNEL, event, payload);
      const job = event === 'jobs:progress' ? (payload as EventPayload<'jobs:progress'>) : null;
      if (job?.kind === 'cache-move' && job.state === 'done') void offerRestart();
    },
    workerScript: { path: join(__dirname, 'job-worker.js') },
    readerScript: { path: join(__dirname, 'read-worker.js') },
    thumbScript: { path: join(__dirname, 'thumb-worker.js') },
  });
  const removed = finishCacheMove(userData, cachePath);
  if (removed) log.write('info', `The cache moved to ${cachePath}; removed the old copy at ${removed}`);
  // Electron answers the page's prefers-color-scheme from themeSource, so the page follows a
  // chosen theme at once, and the OS live when it is 'system'; the menu's marks follow too.
  const applyTheme = () => {
    nativeTheme.themeSource = core!.settings.get().theme;
    buildMenu({ core: core!, window: () => mainWindow, logsDir: app.getPath('logs'), reportProblem: () => reportProblem(log) });
  };
  core.settings.onChange(applyTheme);
  applyTheme();
  registerIpc(core.handlers, isOurPage);
  serveThumbs(core.thumbs);
  createWindow();
  openFiles([...earlyFiles, ...fileArguments(launchArgs(process.argv), isDirectory)]);
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusWindow();
    const files = fileArguments(launchArgs(argv), isDirectory).map((f) => resolve(workingDirectory, f));
    openFiles(files);
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => {
    log.write('info', 'Loupe quitting');
    log.close();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void core?.close();
});
