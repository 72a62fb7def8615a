import type { Database } from 'better-sqlite3';

export type Migration = {
  /** user_version after this migration; steps of 10, strictly increasing. */
  version: number;
  name: string;
  up: string;
  /** Steps SQL text alone cannot say (decisions on the schema found), run after `up`. */
  run?: (db: Database) => void;
};
