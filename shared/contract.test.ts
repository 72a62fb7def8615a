import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from './channels';
import { contract, events } from './contract';

describe('contract', () => {
  it('lists exactly the channels the preload exposes', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNEL_NAMES].sort());
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('names every channel domain:verb, once', () => {
    for (const c of CHANNEL_NAMES) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/);
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
  });

  it('rejects window requests over 500 rows and unknown keys', () => {
    const input = contract['images:window'].input;
    expect(input.safeParse({ view_id: 'v1', offset: 0, limit: 500 }).success).toBe(true);
    expect(input.safeParse({ view_id: 'v1', offset: 0, limit: 501 }).success).toBe(false);
    expect(input.safeParse({ view_id: 'v1', offset: 0, limit: 5, sql: 'x' }).success).toBe(false);
    expect(input.safeParse({ view_id: 'x; DROP', offset: 0, limit: 5 }).success).toBe(false);
  });
});
