import Database from 'better-sqlite3';
import { cpus, loadavg, totalmem } from 'node:os';

export type Machine = {
  cpu: string;
  cores: number;
  mem_gib: number;
  node: string;
  sqlite: string;
  /** 1-minute load average when the case started: other work on the machine skews results. */
  load_1m: number;
};

/** The facts a result row needs to be comparable with another machine's. */
export function machineInfo(): Machine {
  const db = new Database(':memory:');
  try {
    const sqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
    return {
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      mem_gib: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      sqlite,
      load_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
  } finally {
    db.close();
  }
}
