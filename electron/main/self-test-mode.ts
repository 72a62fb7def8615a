import { app, BrowserWindow } from 'electron';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_GLOBAL } from '../../shared/channels';
import { runSelfTest, type WindowCheck } from '../core/desktop/self-test';
import { windowOptions } from './window-options';

/**
 * Opens the renderer in a hidden window built with the app's own options and asks the page what
 * it can reach: the bridge exists only under context isolation (contextBridge refuses to run
 * without it), and Node's globals only under node integration. Electron has no API that reads a
 * live window's preferences back, so the sandbox is read from the options the window was made
 * with, and from the command line that could switch it off for the whole app.
 */
async function checkWindow(indexHtml: string, preload: string): Promise<WindowCheck> {
  const options = windowOptions(preload);
  const win = new BrowserWindow({ ...options, show: false });
  try {
    await win.loadFile(indexHtml);
    const seen = (await win.webContents.executeJavaScript(
      `({ bridge: typeof window.${API_GLOBAL} === 'object', node: typeof require !== 'undefined' || typeof process !== 'undefined' })`,
    )) as { bridge: boolean; node: boolean };
    return {
      loaded: true,
      contextIsolation: seen.bridge,
      sandbox: options.webPreferences?.sandbox === true && !app.commandLine.hasSwitch('no-sandbox'),
      nodeIntegration: seen.node,
      bridge: seen.bridge,
    };
  } catch {
    return {
      loaded: false,
      contextIsolation: false,
      sandbox: false,
      nodeIntegration: true,
      bridge: false,
    };
  } finally {
    win.destroy();
  }
}

/** `Loupe --self-test`: prints one JSON line and exits 0 when every check passed, 1 otherwise. */
export async function selfTestMode(dirs: { main: string; indexHtml: string }): Promise<void> {
  const report = await runSelfTest({
    version: app.getVersion(),
    workerScript: { path: join(dirs.main, 'job-worker.js') },
    readerScript: { path: join(dirs.main, 'read-worker.js') },
    checkWindow: () => checkWindow(dirs.indexHtml, join(dirs.main, '../preload/index.js')),
  });
  const line = `${JSON.stringify(report)}\n`;
  process.stdout.write(line);
  // A GUI app on Windows has no console to print to: the pipeline reads the report from a file.
  if (process.env.LOUPE_SELF_TEST_REPORT) writeFileSync(process.env.LOUPE_SELF_TEST_REPORT, line);
  app.exit(report.self_test === 'passed' ? 0 : 1);
}
