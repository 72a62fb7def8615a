/** What the thumbnail pool posts to a thumbnail thread: a file path, or bytes fetched from a server. */
export type ThumbRequest = { id: number; input: string | Uint8Array; size: number };

/** A thumbnail thread's answer: the WebP bytes, or why the input could not be thumbnailed. */
export type ThumbReply = { id: number; bytes: Uint8Array } | { id: number; error: string } | { ready: true };
