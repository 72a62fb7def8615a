import type { LoupeApi } from '../../shared/api';
import type {
  Channel,
  ChannelInput,
  ChannelOutput,
  EventName,
  EventPayload,
} from '../../shared/contract';
import { LoupeError, toAppError, type AppError, type Envelope } from '../../shared/errors';
import { thumbUrl } from '../../shared/thumb-url';

declare global {
  interface Window {
    /** Built by preload (or the browser-test harness) from the contract's channel list. */
    loupe?: LoupeApi;
  }
}

/** True when the page runs without the bridge (opened in a plain browser, or preload failed). */
export function hasBridge(): boolean {
  return typeof window.loupe === 'object' && window.loupe !== null;
}

function bridge(): LoupeApi {
  const api = window.loupe;
  if (!api) throw new LoupeError('INTERNAL', 'The Loupe bridge (window.loupe) is not available.');
  return api;
}

/**
 * Calls a channel and unwraps the envelope: resolves with the data or throws the core's own
 * LoupeError rebuilt from it (Electron drops custom error fields across IPC), so the page and
 * the core share one error type.
 */
export async function call<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  // The mapped LoupeApi type loses the link between C and its function; restore it here once.
  const fn = bridge()[channel] as unknown as (
    i: ChannelInput<C>,
  ) => Promise<Envelope<ChannelOutput<C>>>;
  const envelope = await fn(input);
  if (envelope.ok) return envelope.data;
  const { code, message, details } = envelope.error;
  throw new LoupeError(code, message, details);
}

/** Subscribes to an event from main; returns the unsubscribe function. */
export function on<E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): () => void {
  return bridge().on(event, listener);
}

/** Any thrown value as an AppError the UI can show. */
export function asAppError(err: unknown): AppError {
  return toAppError(err);
}

/**
 * The paths of files or folders dropped on the window. Only preload can see them (Electron's
 * webUtils); the page passes the DOM File objects through and gets paths back, never reads them.
 */
export function pathsOf(files: readonly File[]): string[] {
  return bridge().pathsOf(files);
}

/** The opaque address of a record's thumbnail; main (or the test harness) serves it. */
export function thumbSrc(rowId: number): string {
  return thumbUrl(bridge().thumbBase, rowId);
}
