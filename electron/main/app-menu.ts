import { app, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { EVENT_CHANNEL } from '../../shared/channels';
import type { Core } from '../core/app-core';
import { THEMES, type Theme } from '../../shared/settings';

export type MenuDeps = {
  core: Core;
  window: () => BrowserWindow | null;
  logsDir: string;
  reportProblem: () => void;
};

const THEME_LABEL: Record<Theme, string> = { system: 'Match System', light: 'Light', dark: 'Dark' };

/** The native menus: the platform's usual ones (app menu on macOS, Edit, View, Window) and ours. */
export function buildMenu(deps: MenuDeps): void {
  const { core } = deps;
  // The page runs menu imports (and opens its export dialog) so its choices apply, such as
  // "skip bad records"; main's dialogs then ask which file. With no window (macOS keeps the
  // app and its menu alive), main imports by itself.
  const command = (name: 'export' | 'import-file' | 'import-folder' | 'settings') => () => {
    const win = deps.window();
    if (win) win.webContents.send(EVENT_CHANNEL, 'menu:command', { command: name });
    else if (name !== 'export')
      void core.handlers['import:pick']({
        what: name === 'import-file' ? 'file' : 'folder',
        skip_bad: false,
      });
  };
  const loadDemo = () => void core.handlers['demo:load']({ count: 20_000, seed: 7 });
  const isMac = process.platform === 'darwin';
  const themeItems: MenuItemConstructorOptions[] = THEMES.map((t) => ({
    label: THEME_LABEL[t],
    type: 'radio',
    checked: core.settings.get().theme === t,
    click: () => core.settings.set({ theme: t }),
  }));
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import File…', accelerator: 'CmdOrCtrl+O', click: command('import-file') },
        {
          label: 'Import Project Folder…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: command('import-folder'),
        },
        { label: 'Load Demo Data', click: loadDemo },
        { type: 'separator' },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: command('export') },
        { type: 'separator' },
        { label: isMac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: command('settings') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Theme', submenu: themeItems },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Open Logs Folder', click: () => void shell.openPath(deps.logsDir) },
        { label: 'Report a Problem…', click: deps.reportProblem },
        ...(isMac
          ? []
          : [
              { type: 'separator' as const },
              { role: 'about' as const, label: `About ${app.getName()}` },
            ]),
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
