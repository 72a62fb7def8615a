import { runCli } from '../electron/core/cli/cli';

/** Runs one `loupe` command line in this process, capturing what it writes and its exit code. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWithEnv(argv, {});
}

/** The same, with an environment (API_TOKEN, HOME for ~/supervisely.env). */
export async function cliWithEnv(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env, isTTY: false });
  return { code, out, err };
}
