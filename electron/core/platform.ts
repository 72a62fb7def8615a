/**
 * What the core needs from the operating system. Electron's main process implements it with
 * native dialogs; tests and the CLI implement it with plain Node.
 */
export interface PlatformPort {
  /** Asks the user for a file to import; null when they cancel. */
  pickImportFile(): Promise<string | null>;
}
