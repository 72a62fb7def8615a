import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadBuilderConfig,
  validateBuilderConfig,
} from '../../test-support/electron-builder-config';

const root = join(__dirname, '..', '..');

type TargetEntry = string | { target: string; arch?: string | string[] };
function targets(list: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of (list ?? []) as TargetEntry[]) {
    if (typeof t === 'string') out.set(t, []);
    else out.set(t.target, [t.arch ?? []].flat());
  }
  return out;
}

function pngSize(path: string): { width: number; height: number } {
  const buf = readFileSync(path);
  expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema, and the schema does refuse a wrong key', async () => {
    const config = await loadBuilderConfig(root);
    await expect(
      validateBuilderConfig({ ...config, nsis: { oneClick: 'sometimes' } as never }),
    ).rejects.toThrow(/configuration/i);
  });

  it('builds the installers the release promises on each OS', async () => {
    const config = await loadBuilderConfig(root);
    const win = targets(
      config.win && typeof config.win === 'object' ? config.win.target : undefined,
    );
    expect(win.get('nsis')?.sort()).toEqual(['arm64', 'x64']);
    const mac = targets(
      config.mac && typeof config.mac === 'object' ? config.mac.target : undefined,
    );
    expect(mac.get('dmg')?.sort()).toEqual(['arm64', 'x64']);
    expect(mac.get('zip')?.sort()).toEqual(['arm64', 'x64']);
    const linux = targets(
      config.linux && typeof config.linux === 'object' ? config.linux.target : undefined,
    );
    expect(linux.get('AppImage')).toEqual(['x64']);
    expect(linux.get('deb')).toEqual(['x64']);
  });

  it('names the product, takes the version from package.json and carries an icon big enough for every OS', async () => {
    const config = await loadBuilderConfig(root);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      version: string;
      productName: string;
    };
    expect(config.productName).toBe('Loupe');
    expect(pkg.productName).toBe(config.productName);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(config.extraMetadata?.version).toBeUndefined();
    const icon = pngSize(join(root, String(config.icon)));
    // macOS wants 512 px at least (1024 for Retina), Windows 256.
    expect(icon.width).toBeGreaterThanOrEqual(1024);
    expect(icon.height).toBe(icon.width);
  });

  it('keeps the native module outside the asar and never rebuilds it', async () => {
    const config = await loadBuilderConfig(root);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
  });

  it('opens JSON Lines dumps from the file manager, with the per-machine install Windows needs for that', async () => {
    const config = await loadBuilderConfig(root);
    const exts = [config.fileAssociations ?? []].flat().flatMap((a) => [a.ext].flat());
    expect(exts).toContain('jsonl');
    expect(config.nsis?.perMachine).toBe(true);
  });
});
