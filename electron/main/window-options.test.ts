import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isSafeExternalUrl, windowOptions } from './window-options';

describe('window security', () => {
  it('isolates and sandboxes the renderer with no Node', () => {
    const prefs = windowOptions('/p/preload.js').webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
  });

  it('has a strict CSP, and index.html carries the same directives', () => {
    const header = CONTENT_SECURITY_POLICY.split(';').map((s) => s.trim());
    expect(header).toContain("script-src 'self'");
    expect(header).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    // Thumbnails may be images, and only images: no script, style, fetch or frame from them.
    expect(header.filter((d) => d.includes('loupe-thumb:'))).toEqual(["img-src 'self' data: loupe-thumb:"]);
    const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const metaDirectives = meta.split(';').map((s) => s.trim());
    // frame-ancestors only works as a header, so the meta tag may leave it out.
    expect(metaDirectives.sort()).toEqual(header.filter((d) => !d.startsWith('frame-ancestors')).sort());
  });

  it('opens only https links externally', () => {
    expect(isSafeExternalUrl('https://app.supervisely.com')).toBe(true);
    expect(isSafeExternalUrl('http://x')).toBe(false);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
  });
});
