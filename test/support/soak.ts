import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Sizes of the reliability tests: `npm test` runs the normal size (fast enough for CI);
 * `npm run test:soak` sets RB_SOAK=1 and runs the heavy variants (docs/RELIABILITY.md).
 */
export const SOAK = process.env.RB_SOAK === '1';

export function size(normal: number, soak: number): number {
  return SOAK ? soak : normal;
}

/** Per-test timeout of the reliability files: room for a loaded CI machine, and for the soak sizes. */
export const RELIABILITY_TIMEOUT_MS = SOAK ? 3_600_000 : 240_000;

/**
 * Notes a reliability test's figures (sizes, counts, timings) in test-results/reliability.jsonl, one JSON line
 * per call, for docs/RELIABILITY.md.
 */
export function record(test: string, figures: Record<string, unknown>): void {
  const dir = join(__dirname, '../../test-results');
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, 'reliability.jsonl'), `${JSON.stringify({ test, soak: SOAK, at: new Date().toISOString(), ...figures })}\n`);
}
