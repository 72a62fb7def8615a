import { describe, expect, it } from 'vitest';
import { naturalKey } from './natural-key';

const natural = (names: string[]) =>
  [...names].sort((a, b) => {
    const ka = naturalKey(a);
    const kb = naturalKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });

describe('natural name order', () => {
  it('compares digit runs as numbers and letters without case', () => {
    expect(natural(['street 18555', 'street 1912', 'Street 200'])).toEqual(['Street 200', 'street 1912', 'street 18555']);
    expect(natural(['12284.jpg', '123.jpg', 'img_10.png', 'IMG_9.png', 'img_9.png'])).toEqual([
      '123.jpg',
      '12284.jpg',
      'IMG_9.png',
      'img_9.png',
      'img_10.png',
    ]);
    expect(natural(['a', '1a', 'B', 'a2b10', 'a2b9'])).toEqual(['1a', 'a', 'a2b9', 'a2b10', 'B']);
  });

  it('treats leading zeros as the same number and keeps long runs in order', () => {
    expect(naturalKey('frame_007')).toBe(naturalKey('frame_7'));
    expect(natural(['x99999999999999999999', 'x100000000000000000000'])).toEqual(['x99999999999999999999', 'x100000000000000000000']);
    expect(naturalKey('0')).toBe(naturalKey('000'));
  });
});
