import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LoupeError } from '../../../shared/errors';
import { resolveCachePath } from '../cache/cache-path';
import { COMMANDS } from './commands';
import { UsageError, type CliIo } from './cli-types';

export type { CliIo } from './cli-types';

/** Every option any command takes; commands read the ones they need. */
const OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  cache: { type: 'string' },
  limit: { type: 'string' },
  count: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  load: { type: 'boolean' },
  'skip-bad': { type: 'boolean' },
  report: { type: 'string' },
  server: { type: 'string' },
  project: { type: 'string', multiple: true },
  full: { type: 'boolean' },
  // Accepted only to be refused with a reason: a token on the command line is visible to all.
  token: { type: 'string' },
  // export
  format: { type: 'string' },
  columns: { type: 'string' },
  sort: { type: 'string' },
  bom: { type: 'boolean' },
  raw: { type: 'boolean' },
  'meta-columns': { type: 'boolean' },
  // thumbnails
  size: { type: 'string' },
  'max-bytes': { type: 'string' },
  // stats
  json: { type: 'boolean' },
  histogram: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export function usage(): string {
  const commands = Object.values(COMMANDS)
    .map((c) => `  ${c.usage}`)
    .join('\n');
  return `Usage: loupe [--cache FILE] <command> [options]

Commands:
${commands}

Options:
  --cache FILE   the cache file (default: $LOUPE_CACHE, else the app's cache)
  -h, --help     show this help`;
}

/** Runs one command line; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
    const [name, ...args] = positionals;
    if (values.help || !name) {
      io.out(`${usage()}\n`);
      return name || values.help ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}"`);
    const cache = typeof values.cache === 'string' ? values.cache : undefined;
    const cachePath = resolveCachePath({ argv: cache ? ['--cache', cache] : [], env: io.env });
    return await command.run({ args, options: values, cachePath, io });
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      // One line, naming the argument; the full usage is one --help away.
      io.err(`loupe: ${(err as Error).message} (loupe --help lists the commands and options)\n`);
      return 2;
    }
    if (err instanceof LoupeError) {
      io.err(`loupe: ${err.message}\n`);
      return 1;
    }
    // One line like every other failure; the stack only when asked for (LOUPE_DEBUG=1).
    const e = err instanceof Error ? err : new Error(String(err));
    const firstLine = e.message.split('\n', 1)[0] ?? '';
    io.err(`loupe: unexpected error (${e.name}): ${firstLine}\n`);
    if (io.env.LOUPE_DEBUG) io.err(`${e.stack ?? ''}\n`);
    return 1;
  }
}
