/**
 * Test order of `npm test` (jest.config.js `testSequencer`): the longest files first, so no worker is left
 * running one long reliability file alone at the end of the run.
 *
 * A file's expected duration is, in this order: its duration in Jest's cache from an earlier run on this
 * machine; the figure below (measured on a 2-core CI machine; a clean clone has no cache, and Jest's own
 * fallback, file size, would start 100-line files that take two minutes last); else a guess by project
 * (an e2e file starts an app, ~15 s; an int file ~3 s; a unit file ~1 s). Failed-first ordering is dropped on purpose: on CI
 * the order that ends soonest matters more than seeing the last failures first.
 */
const { relative } = require('node:path');
// Jest's own sequencer (a dependency of jest-config; resolved from there, as Jest itself resolves it).
const Sequencer = require(require.resolve('@jest/test-sequencer', { paths: [require.resolve('jest-config')] })).default;

const ROOT = require('node:path').join(__dirname, '../..');

/** Seconds, measured (npm test with 3 workers on 2 cores); files of 20 s or more. */
const MEASURED = {
  'test/reliability/web-security.e2e-spec.ts': 77,
  'test/reliability/crash.e2e-spec.ts': 56,
  'test/reliability/fuzz.e2e-spec.ts': 54,
  'test/api/invoicing.e2e-spec.ts': 47,
  'test/reliability/multi-instance.e2e-spec.ts': 46,
  'test/api/time-zones.e2e-spec.ts': 38,
  'test/console/webhooks.e2e-spec.ts': 34,
  'test/api/webhooks.e2e-spec.ts': 34,
  'test/console/console-pages.e2e-spec.ts': 31,
  'test/console/taxes.e2e-spec.ts': 31,
  'test/console/plans-ux.e2e-spec.ts': 30,
  'test/console/lifecycle.e2e-spec.ts': 30,
  'test/reliability/bill-concurrency.e2e-spec.ts': 30,
  'test/api/billing.e2e-spec.ts': 29,
  'test/reliability/drafts-issue.e2e-spec.ts': 28,
  'test/api/bad-input.e2e-spec.ts': 27,
  'test/api/bill-events.e2e-spec.ts': 27,
  'libs/contracts/contracts.spec.ts': 26,
  'test/reliability/replay.e2e-spec.ts': 26,
  'test/console/console.e2e-spec.ts': 25,
  'test/api/access-matrix.e2e-spec.ts': 24,
  'test/console/reminders.e2e-spec.ts': 24,
  'test/console/account-and-bills.e2e-spec.ts': 23,
  'test/console/seller-profile.e2e-spec.ts': 22,
  'test/reliability/lifecycle-model.e2e-spec.ts': 21,
  'test/api/dashboard.e2e-spec.ts': 21,
  'test/api/customer-tax.e2e-spec.ts': 21,
  'test/api/start.e2e-spec.ts': 21,
  'test/api/passwords.e2e-spec.ts': 20,
};

class LongestFirst extends Sequencer {
  expectedMs(test) {
    const cached = this.time(test);
    if (cached != null) return cached;
    const file = relative(ROOT, test.path).split('\\').join('/');
    if (MEASURED[file] != null) return MEASURED[file] * 1000;
    return /\.e2e-spec\.ts$/.test(file) ? 15_000 : /\.int-spec\.ts$/.test(file) ? 3_000 : 1_000;
  }

  sort(tests) {
    const ms = new Map(tests.map((t) => [t, this.expectedMs(t)]));
    return [...tests].sort((a, b) => ms.get(b) - ms.get(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

module.exports = LongestFirst;
