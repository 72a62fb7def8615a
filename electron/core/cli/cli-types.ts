import type { z } from 'zod';
import { LoupeError } from '../../../shared/errors';
import { querySchema, type Query } from '../../../shared/query';
import { formatIssues } from '../ipc/dispatch';

/** Where the CLI writes; a test passes buffers, the binary passes the process streams. */
export type CliIo = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
};

/**
 * A wrong command line: reported with the usage text and exit code 2. It stands apart from
 * LoupeError because it never crosses IPC: only the CLI's own argument parsing raises it.
 */
export class UsageError extends Error {}

/**
 * A schema's verdict on an argument's content: the value, or INVALID_INPUT naming the argument
 * (exit 1, like a query the parser refuses: the command line was well formed).
 */
export function parseArgument<S extends z.ZodType>(schema: S, value: unknown, argument: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error);
    throw new LoupeError('INVALID_INPUT', `${argument}: ${issues.join('; ')}`, { field: argument, issues });
  }
  return parsed.data;
}

/** The positional words as the query-language QUERY argument. */
export function queryArgument(args: string[]): Query {
  return parseArgument(querySchema, { text: args.join(' ') }, 'QUERY');
}

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
