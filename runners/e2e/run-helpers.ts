// Shared by the end-to-end tests: the fixture runs and check lists `selftest` uses.
import { checkIds } from '../selftest/selftest.js';

export { ALL_SCENARIOS, runServerFixture as runAdapter } from '../selftest/run-fixture.js';

/** Every check id the server suites define, plus the transcript checks every case carries. */
export function allCheckIds(): string[] {
  return checkIds('server');
}
