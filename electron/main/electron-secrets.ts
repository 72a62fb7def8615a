import type { SafeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../core/platform';

type Storage = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

type SecretsFile = { version: 1; entries: Record<string, string> };

/**
 * API tokens through Electron's safeStorage: encrypted with the OS keychain (Keychain, DPAPI,
 * libsecret/KWallet) into `secrets.json` in the user-data folder — never the cache file.
 * Where that protection does not exist (Linux's `basic_text` backend, which only obscures
 * the text, or no encryption at all) the token is kept in memory for this session only and
 * nothing is written; the UI says so.
 */
export function electronSecretStore(userData: string, storage: Storage, platform = process.platform): SecretStore {
  const file = join(userData, 'secrets.json');
  const session = new Map<string, string>();

  const read = (): SecretsFile => {
    try {
      if (existsSync(file)) {
        const f = JSON.parse(readFileSync(file, 'utf8')) as SecretsFile;
        if (f && f.version === 1 && typeof f.entries === 'object') return f;
      }
    } catch {
      // A damaged file holds nothing we can decrypt anyway.
    }
    return { version: 1, entries: {} };
  };
  const write = (f: SecretsFile) => {
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(f), { mode: 0o600 });
    renameSync(tmp, file);
  };
  const drop = (key: string) => {
    const f = read();
    if (key in f.entries) {
      delete f.entries[key];
      write(f);
    }
  };

  const store: SecretStore = {
    async persistence() {
      if (platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text') {
        return { persistent: false, reason: 'Linux found no keyring (safeStorage backend "basic_text")' };
      }
      if (!(await storage.isAsyncEncryptionAvailable())) {
        return { persistent: false, reason: 'encryption is not available' };
      }
      return { persistent: true };
    },
    async set(key, secret) {
      session.delete(key);
      const p = await store.persistence();
      if (!p.persistent) {
        drop(key);
        session.set(key, secret);
        return { persisted: false };
      }
      const f = read();
      f.entries[key] = (await storage.encryptStringAsync(secret)).toString('base64');
      write(f);
      return { persisted: true };
    },
    async get(key) {
      const s = session.get(key);
      if (s !== undefined) return s;
      const enc = read().entries[key];
      if (enc === undefined) return null;
      try {
        return (await storage.decryptStringAsync(Buffer.from(enc, 'base64'))).result;
      } catch {
        // The keychain changed (another user, a reset): the token is lost, ask again.
        drop(key);
        return null;
      }
    },
    async state(key) {
      if (session.has(key)) return 'session';
      return key in read().entries ? 'persisted' : 'missing';
    },
    async delete(key) {
      session.delete(key);
      drop(key);
    },
  };
  return store;
}
