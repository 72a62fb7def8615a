import type { TokenState } from '../../../shared/sync';

/**
 * Where API tokens live: never in the cache file. Electron's main process implements it with
 * safeStorage (electron/main/electron-secrets.ts); tests and the CLI use memory.
 */
export interface SecretStore {
  /** Whether a secret survives a restart; when it cannot, a sentence that says why. */
  persistence(): Promise<{ persistent: true } | { persistent: false; reason: string }>;
  /** Keeps a secret — encrypted at rest when persistence is available, else for this session. */
  set(key: string, secret: string): Promise<{ persisted: boolean }>;
  get(key: string): Promise<string | null>;
  state(key: string): Promise<TokenState>;
  delete(key: string): Promise<void>;
}

/**
 * A store in memory. With `persistent`, secrets outlive `restart()` (as a keychain would);
 * without, `restart()` forgets them, like a session-only token on a Linux desktop without a
 * keyring.
 */
export function memorySecretStore(opts: { persistent: boolean; reason?: string } = { persistent: true }) {
  const kept = new Map<string, string>();
  const session = new Map<string, string>();
  const store: SecretStore & { restart(): void } = {
    persistence: async () =>
      opts.persistent ? { persistent: true } : { persistent: false, reason: opts.reason ?? 'no keyring is available' },
    async set(key, secret) {
      kept.delete(key);
      session.delete(key);
      (opts.persistent ? kept : session).set(key, secret);
      return { persisted: opts.persistent };
    },
    async get(key) {
      return kept.get(key) ?? session.get(key) ?? null;
    },
    async state(key) {
      return kept.has(key) ? 'persisted' : session.has(key) ? 'session' : 'missing';
    },
    async delete(key) {
      kept.delete(key);
      session.delete(key);
    },
    restart() {
      session.clear();
    },
  };
  return store;
}
