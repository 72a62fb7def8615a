import { join } from 'node:path';
import {
  appSettingsSchema,
  DEFAULT_SETTINGS,
  type AppSettings,
  type SettingsPatch,
} from '../../../shared/settings';
import { readJsonFile, writeJsonFile } from './json-file';

export const SETTINGS_FILE = 'settings.json';

/** The user's settings in `settings.json` of the user-data folder, read once, written on change. */
export class SettingsStore {
  private readonly path: string;
  private current: AppSettings;
  private readonly listeners = new Set<(s: AppSettings) => void>();

  constructor(userData: string) {
    this.path = join(userData, SETTINGS_FILE);
    this.current = readJsonFile(this.path, appSettingsSchema, DEFAULT_SETTINGS);
  }

  get(): AppSettings {
    return this.current;
  }

  set(patch: SettingsPatch): AppSettings {
    this.current = appSettingsSchema.parse({ ...this.current, ...patch });
    writeJsonFile(this.path, this.current);
    for (const l of this.listeners) l(this.current);
    return this.current;
  }

  /** Called after every change (main applies the theme to its native parts). */
  onChange(listener: (s: AppSettings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
