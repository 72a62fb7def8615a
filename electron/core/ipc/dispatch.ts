import type { z } from 'zod';
import { contract, type Channel, type Contract } from '../../../shared/contract';
import { LoupeError, toAppError, type Envelope } from '../../../shared/errors';
import { READ_CHANNELS } from '../reads/read-messages';

/** One handler per channel: parsed input in, the output schema's input shape out. */
export type Handlers = {
  [C in Channel]: (
    input: z.output<Contract[C]['input']>,
  ) => Promise<z.input<Contract[C]['output']>> | z.input<Contract[C]['output']>;
};

const CHECKED_BY_READER: ReadonlySet<Channel> = new Set(READ_CHANNELS);

function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/** zod issues as `path: message`, the form every boundary error uses. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`);
}

/**
 * The one way into the core from outside: check the channel, parse the input with its
 * schema, run the handler, and wrap the result or the error in the envelope. Electron's
 * ipcMain and the browser-test binding both call this.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  rawInput: unknown,
): Promise<Envelope<unknown>> {
  try {
    if (!isChannel(channel)) {
      throw new LoupeError('UNKNOWN_CHANNEL', `There is no channel named "${channel}".`);
    }
    const spec = contract[channel];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = formatIssues(parsed.error);
      throw new LoupeError('INVALID_INPUT', `${channel}: ${issues.join('; ')}`, { issues });
    }
    const handler = handlers[channel] as (input: unknown) => unknown;
    const output = await handler(parsed.data);
    // A reader's answer was checked on its thread: parsing it again here would copy every row
    // on the loop that routes all calls (~2 ms per 200-row window, and the garbage after it).
    return { ok: true, data: CHECKED_BY_READER.has(channel) ? output : spec.output.parse(output) };
  } catch (err) {
    return { ok: false, error: toAppError(err) };
  }
}
