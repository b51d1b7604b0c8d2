/**
 * Every property test draws its inputs from one seed, so that `npm test` (and CI) checks the same inputs on every
 * run: a failure is a change in our code, never the luck of the draw. `FC_SEED=<integer>` replays the seed a
 * failure printed; `npm run test:fuzz` (FC_SEED=random) draws new inputs on each run, to look for new
 * counterexamples, which then become examples in the tests.
 */
import fc from 'fast-check';

const FIXED_SEED = 20_181_001;
const asked = process.env.FC_SEED?.trim();

if (asked !== 'random') {
  const seed = asked ? Number(asked) : FIXED_SEED;
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED: expected an integer or "random", got "${asked}"`);
  fc.configureGlobal({ seed });
}
