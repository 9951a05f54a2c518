import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The architecture's promises, checked on the source text (kept out of libs/billing, which does no I/O,
 * not even in its tests).
 */
const BILLING = join(__dirname, '../../libs/billing/src');

describe('libs/billing', () => {
  it('stays pure: no framework, database, I/O, environment or clock', () => {
    const sources = readdirSync(BILLING).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) {
      const code = readFileSync(join(BILLING, file), 'utf8');
      const imports = [...code.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const source of imports) expect([file, source]).toEqual([file, expect.stringMatching(/^(\.\/[a-z-]+|luxon)$/)]);
      expect([file, /Date\.now\(|new Date\(\)|process\.|require\(|Math\.random/.test(code)]).toEqual([file, false]);
    }
  });
});
