import type { BenchCase } from '../lib/types';
import { b1Import } from './b1-import';

/**
 * Every case the harness knows, by id. A new case (B2 search, B4 facets, B6 scrolling,
 * B9 export, B11 sync) is one file under cases/ and one line here.
 */
export const CASES: ReadonlyMap<string, BenchCase> = new Map(
  [b1Import].map((c) => [c.id, c] as const),
);
