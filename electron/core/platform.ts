import type { SecretStore } from './sync/secret-store';

export type { SecretStore };

/** What a save dialog offers: a title, a suggested file name, and the kinds of file. */
export type SaveDialogOptions = {
  title: string;
  defaultName: string;
  filters: { name: string; extensions: string[] }[];
};

/**
 * What the core needs from the operating system. Electron's main process implements it with
 * native dialogs; tests and the CLI implement it with plain Node. Paths come from here, never
 * from the renderer.
 */
export interface PlatformPort {
  /** Asks the user for a file to import; null when they cancel. */
  pickImportFile(): Promise<string | null>;
  /** Asks the user for a Supervisely project folder to import; null when they cancel. */
  pickImportFolder(): Promise<string | null>;
  /** Asks where to save a file Loupe writes (an export, a report); null when they cancel. */
  pickSavePath(opts: SaveDialogOptions): Promise<string | null>;
  /** Where server API tokens are kept (the OS keychain in Electron), never the cache file. */
  secrets: SecretStore;
}
