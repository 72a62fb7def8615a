import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';

function refusesWrites(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

/**
 * Makes a folder and everything in it read-only for this process, the way a user meets it: files
 * 444, folder 555. Root ignores permission bits, so as root the files and the folder are also
 * marked immutable (chattr +i), which root cannot write through either; the helper checks that
 * writes are refused before returning, so a test never passes on a folder that is writable
 * after all. Undone after each test, so the temporary folder can be removed.
 */
export function useReadOnlyFolder(): (dir: string) => void {
  let undo: (() => void) | undefined;
  afterEach(() => {
    undo?.();
    undo = undefined;
  });
  return (dir) => {
    const files = readdirSync(dir).map((f) => join(dir, f));
    const root = process.getuid?.() === 0;
    undo = () => {
      if (root) execFileSync('chattr', ['-i', dir, ...files]);
      chmodSync(dir, 0o755);
      for (const f of files) chmodSync(f, 0o644);
    };
    for (const f of files) chmodSync(f, 0o444);
    chmodSync(dir, 0o555);
    if (root) execFileSync('chattr', ['+i', ...files, dir]);
    for (const p of [dir, ...files]) {
      if (!refusesWrites(p)) throw new Error(`${p} is still writable: this test needs a file system that can refuse writes`);
    }
  };
}
