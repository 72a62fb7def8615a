import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../electron/core/demo/generate-demo';

/** `count` demo records (API camelCase) written as JSON Lines; returns the file path. */
export function writeJsonl(dir: string, name: string, count: number, seed = 1): string {
  const file = join(dir, name);
  writeFileSync(file, [...generateDemo(count, seed)].map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

/** Replaces line `n` (1-based) of a text file. */
export function replaceLine(file: string, n: number, text: string, read: (f: string) => string): void {
  const lines = read(file).split('\n');
  lines[n - 1] = text;
  writeFileSync(file, lines.join('\n'));
}
