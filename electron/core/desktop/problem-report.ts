import { redact } from './log-file';

export type ProblemContext = {
  version: string;
  os: string;
  osRelease: string;
  arch: string;
  versions: Record<string, string | undefined>;
  /** The last lines of the log, already redacted once; cut again here to be sure. */
  logTail: readonly string[];
};

/**
 * The text Help → Report a Problem saves beside the logs for the user to attach: what they were
 * running on, with room for what happened, and the log's last lines — never a token.
 */
export function problemReport(ctx: ProblemContext, now = new Date()): string {
  const versions = Object.entries(ctx.versions)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `Loupe ${ctx.version} problem report, ${now.toISOString()}`,
    `System: ${ctx.os} ${ctx.osRelease} (${ctx.arch}); ${versions}`,
    '',
    'What happened, and what you expected:',
    '',
    '',
    `Last ${ctx.logTail.length} log lines:`,
    ...ctx.logTail.map((l) => redact(l)),
    '',
  ].join('\n');
}
