export type Migration = {
  /** user_version after this migration; steps of 10, strictly increasing. */
  version: number;
  name: string;
  up: string;
};
