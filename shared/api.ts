import type { Envelope } from './errors';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from './contract';

/**
 * What preload exposes as `window.loupe`: one function per channel, each returning the
 * envelope, plus `on` for events. Derived from the contract so the two cannot drift.
 */
export type LoupeApi = {
  [C in Channel]: (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /**
   * The paths of files or folders dropped on the window (DOM `File` objects), for
   * `import:paths`. Only preload can see them (Electron's webUtils); the page never can.
   */
  pathsOf(files: readonly unknown[]): string[];
  /** Where thumbnails are served: `loupe-thumb://img/` in the app (see shared/thumb-url.ts). */
  thumbBase: string;
};
