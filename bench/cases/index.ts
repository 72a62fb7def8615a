import type { BenchCase } from '../lib/types';
import { b1Import } from './b1-import';
import { b9Export } from './b9-export';

/**
 * Every case the harness knows, by id. A new case (B2 search, B4 facets, B6 scrolling,
 * B9 export, B11 sync) is one file under cases/ and one line here.
 */
export const CASES: ReadonlyMap<string, BenchCase> = new Map(
  [b1Import, b9Export].map((c) => [c.id, c] as const),
);
