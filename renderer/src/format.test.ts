import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatResolution } from './format';

describe('format', () => {
  it('shows bytes in decimal units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(293_295)).toBe('293 KB');
    expect(formatBytes(1_113_568)).toBe('1.1 MB');
    expect(formatBytes(null)).toBe('');
  });

  it('shows durations and resolutions compactly', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(formatResolution(1920, 1080)).toBe('1920 × 1080');
    expect(formatResolution(null, 1080)).toBe('');
  });
});
