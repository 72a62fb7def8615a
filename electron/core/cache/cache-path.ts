import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCacheLocation } from '../desktop/cache-location';

/** The folder Electron calls userData for an app named "Loupe", for the CLI outside Electron. */
export function defaultUserDataDir(env = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Loupe');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Loupe');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Loupe');
}

/**
 * Where the cache lives: `--cache FILE` on the command line, else `LOUPE_CACHE`, else where the
 * user moved it (Settings → Move cache), else `cache.sqlite` in the user-data folder — the same
 * file for the app and the CLI.
 */
export function resolveCachePath(opts: { argv?: readonly string[]; userData?: string; env?: NodeJS.ProcessEnv }): string {
  const argv = opts.argv ?? [];
  const env = opts.env ?? process.env;
  const i = argv.indexOf('--cache');
  const flag = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--cache='))?.slice('--cache='.length);
  if (flag) return resolve(flag);
  if (env.LOUPE_CACHE) return resolve(env.LOUPE_CACHE);
  const userData = opts.userData ?? defaultUserDataDir(env);
  return readCacheLocation(userData)?.path ?? join(userData, 'cache.sqlite');
}
