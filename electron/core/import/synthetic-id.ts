import { createHash } from 'node:crypto';

/**
 * A stable negative id for what a project folder does not number (images known only from
 * `ann/`, datasets without `img_info/`): 48 bits of SHA-1 of the text, negated, so it never
 * collides with a server id (always positive) and is the same on every import.
 */
export function syntheticId(text: string): number {
  return -createHash('sha1').update(text).digest().readUIntBE(0, 6) - 1;
}
