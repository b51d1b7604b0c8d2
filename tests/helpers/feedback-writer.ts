/**
 * One of several processes writing one SQLite feedback file at once (tests/feedback-sqlite-processes.test.ts):
 * `node --import tsx tests/helpers/feedback-writer.ts FILE NAME ROUNDS START_AT_MS`. From START_AT_MS on (so that
 * all of them start together), it records ROUNDS bursts of BURST answers, each burst followed by a vote on one of
 * them and a read, as a replica of the endpoint does; then prints what it wrote and every failure, as JSON.
 */
import { SqliteFeedback } from '../../src/feedback/sqlite.ts';

const BURST = 25;
const [file, name, rounds, startAt] = process.argv.slice(2);
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const failures: string[] = [];
const fail = (err: unknown) => failures.push(err instanceof Error ? err.message : String(err));
let answers = 0;
let votes = 0;
try {
  const store = new SqliteFeedback(file!);
  for (let round = 0; round < Number(rounds); round++) {
    const ids = Array.from({ length: BURST }, (_, i) => `${name}-${round}-${i}`);
    await Promise.all(
      ids.map((id) =>
        store
          .recordAnswer({
            id,
            at: new Date(),
            via: 'http',
            command: 'ask',
            question: `question ${id}`,
            questionKey: `question ${id}`,
            lang: 'vi',
            outcome: 'answered',
            offset: 0,
            passages: [],
          })
          .then(() => answers++, fail),
      ),
    );
    await store
      .recordVote({ answerId: ids[0]!, userHash: String(name), value: 1, at: new Date(), via: 'http' })
      .then((r) => (r === 'recorded' ? votes++ : fail(new Error(`vote: ${r}`))), fail);
    await store.answersSince(new Date(0)).catch(fail);
  }
  await store.close();
} catch (err) {
  fail(err);
}
process.stdout.write(JSON.stringify({ answers, votes, failures }));
