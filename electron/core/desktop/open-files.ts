import { extname } from 'node:path';

/** What opening a file with Loupe imports: the dumps the import reads (see electron-builder.yml). */
const OPENABLE = ['.jsonl', '.ndjson', '.json', '.gz'];
/** Options that take a value, so the value is not mistaken for a file. */
const WITH_VALUE = new Set(['--cache']);

/**
 * The files a launch asks Loupe to open: the arguments after the executable (and, unpackaged,
 * after the app folder) that are not options, and that name a dump. A project folder passed on
 * the command line is opened too; it is told apart by the caller, who can look at the disk.
 */
export function fileArguments(
  args: readonly string[],
  isDirectory: (p: string) => boolean,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('-')) {
      if (WITH_VALUE.has(a)) i++;
      continue;
    }
    if (OPENABLE.includes(extname(a).toLowerCase()) || isDirectory(a)) out.push(a);
  }
  return out;
}
