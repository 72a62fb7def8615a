import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test-support/temp-dir';
import { electronSecretStore } from './electron-secrets';

const TOKEN = 'SENTINEL-token-for-the-keychain-test';
const dir = useTempDir();

/** safeStorage stand-in: "encrypts" by reversing and xoring, as opaque as we need here. */
function storage(backend: 'basic_text' | 'gnome_libsecret', available = true) {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a).reverse());
  return {
    getSelectedStorageBackend: () => backend,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (s: string) => flip(Buffer.from(s, 'utf8')),
    decryptStringAsync: async (b: Buffer) => ({ shouldReEncrypt: false, result: flip(b).toString('utf8') }),
  };
}

describe('electron secret store', () => {
  it('keeps the token encrypted in secrets.json, never in plain text', async () => {
    const s = electronSecretStore(dir(), storage('gnome_libsecret'), 'linux');
    expect(await s.set('k', TOKEN)).toEqual({ persisted: true });
    const file = readFileSync(join(dir(), 'secrets.json'), 'utf8');
    expect(file).not.toContain(TOKEN);
    expect(file).not.toContain(Buffer.from(TOKEN).toString('base64'));
    // A new process (a new store on the same folder) can read it back.
    const again = electronSecretStore(dir(), storage('gnome_libsecret'), 'linux');
    expect(await again.state('k')).toBe('persisted');
    expect(await again.get('k')).toBe(TOKEN);
    await again.delete('k');
    expect(await again.get('k')).toBeNull();
  });

  it('refuses to persist on Linux basic_text or without encryption: session only, nothing on disk', async () => {
    for (const [backend, available] of [['basic_text', true], ['gnome_libsecret', false]] as const) {
      const s = electronSecretStore(dir(), storage(backend, available), 'linux');
      expect(await s.persistence()).toMatchObject({ persistent: false });
      expect(await s.set('k', TOKEN)).toEqual({ persisted: false });
      expect(await s.get('k')).toBe(TOKEN);
      expect(await s.state('k')).toBe('session');
      expect(existsSync(join(dir(), 'secrets.json')) ? readFileSync(join(dir(), 'secrets.json'), 'utf8') : '').not.toContain(TOKEN);
      expect(await electronSecretStore(dir(), storage(backend, available), 'linux').get('k')).toBeNull();
    }
  });
});
