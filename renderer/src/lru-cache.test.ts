import { describe, expect, it } from 'vitest';
import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry; get refreshes, peek does not', () => {
    const c = new LruCache<number, string>(2);
    c.set(1, 'a');
    c.set(2, 'b');
    expect(c.get(1)).toBe('a'); // 1 is now the newest
    c.set(3, 'c');
    expect(c.has(2)).toBe(false);
    expect(c.peek(1)).toBe('a');
    c.set(4, 'd'); // 1 was only peeked: it goes
    expect(c.has(1)).toBe(false);
    expect(c.size).toBe(2);
  });
});
