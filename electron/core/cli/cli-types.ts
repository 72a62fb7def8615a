/** Where the CLI writes; a test passes buffers, the binary passes the process streams. */
export type CliIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
};

/** A wrong command line: reported with the usage text and exit code 2. */
export class UsageError extends Error {}

export type CommandArgs = {
  /** Positional words after the command name. */
  args: string[];
  /** Parsed options (see OPTIONS in cli.ts). */
  options: Record<string, string | boolean | (string | boolean)[] | undefined>;
  cachePath: string;
  io: CliIo;
};

/** One CLI command: its usage lines and what it does; returns the exit code. */
export type Command = {
  usage: string;
  run(a: CommandArgs): Promise<number>;
};

export function intOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new UsageError(`--${name} takes a whole number, not "${String(value)}"`);
  }
  return Number(value);
}
