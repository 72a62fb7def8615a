import { describe, expect, it } from 'vitest';
import { encodeWord, fold, globMatches, nameMatches, prefixSuccessor, toSqliteGlob, words } from './search-text';

describe('search text rules', () => {
  it('matches globs literally apart from * and ?, punctuation included', () => {
    expect(globMatches('cam-07', 'cam-*')).toBe(true);
    expect(globMatches('-0.5', '-0*')).toBe(true);
    expect(globMatches('a.b', 'a?b')).toBe(true);
    expect(globMatches('a*b', 'a\\*b')).toBe(true);
    expect(globMatches('axb', 'a\\*b')).toBe(false);
    expect(globMatches('[x](y){z}|^$/', '[x](y){z}|^$/')).toBe(true);
    expect(toSqliteGlob('a[b*\\?')).toBe('a[[]b*[?]');
    expect(globMatches('a\u0000', 'a*')).toBe(false);
    expect(globMatches('\uFFFF', '?')).toBe(false);
    expect(globMatches('x', '\u0000*')).toBe(false);
  });

  it('folds, splits words and finds names the way the indexes do', () => {
    expect(fold('ÉCOLE\u0000')).toBe('école\uFFFD');
    expect(fold('\u0001a\uFFFE\uFFFF')).toBe('\uFFFDa\uFFFD\uFFFD');
    expect(words('Night drive, São Paulo — cam-07')).toEqual(['night', 'drive', 'são', 'paulo', 'cam', '07']);
    expect(encodeWord('são')).toBe('s_e3_o');
    expect(nameMatches('IMG_0012.jpg', 'img_00')).toBe(true);
    expect(nameMatches('IMG_0012.jpg', 'mg')).toBe(false);
    expect(nameMatches('IMG_0012.jpg', 'im')).toBe(true);
    expect(prefixSuccessor('train/')).toBe('train0');
    expect(prefixSuccessor('\u{10ffff}')).toBeNull();
  });
});
