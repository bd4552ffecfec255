/**
 * Every route the server declares, with every method, sent malformed, oversized, deeply nested,
 * oddly typed and oddly encoded requests over real HTTP on loopback: none may answer 5xx or take
 * longer than a second. The server runs in its own process (test/fixtures/fuzz-server.ts), so one
 * that stalls is timed, not waited for. The requests come from a seed (FUZZ_SEED, printed with the
 * result), so a failure replays exactly; FUZZ_ROUNDS sets how many variants each declared method
 * gets.
 */
import { expect, it } from 'vitest';
import { planCases, type FuzzCase } from '../support/fuzz/plan.ts';
import { seeded } from '../support/fuzz/random.ts';
import { sendRaw } from '../support/fuzz/raw-client.ts';
import { BODY_LIMIT, startHostileServer } from '../support/fuzz/server.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_107);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 4);
const SLOW_MS = 1_000;
/** No answer in this long: the server is stalled, and every request after would wait on it too. */
const STALLED_MS = 15_000;

function describeCase(c: FuzzCase, index: number): string {
  const t = c.target.length > 120 ? `${c.target.slice(0, 119)}…` : c.target;
  const size = c.body ? `, ${c.body.length} bytes of ${c.headers['content-type'] ?? 'no type'}` : '';
  return `#${index} ${c.method} ${t} (${c.label}${size})`;
}

it(`answers every route and method, however malformed the request, without a 5xx and within ${SLOW_MS} ms`, async () => {
  // A request that waits for its operation answers 202 after MARQUEE_QUEUE_WAIT_MS: a deliberate,
  // bounded wait, kept under the stall bound so that anything slower is a stall.
  const { server, port, stop } = await startHostileServer({
    env: { MARQUEE_QUEUE_WAIT_MS: String(SLOW_MS / 2) },
  });
  const doc = await (await fetch(`http://127.0.0.1:${port}/api/v3/openapi.json`)).json();
  const cases = planCases(doc, seeded(SEED), { rounds: ROUNDS, port, bodyLimit: BODY_LIMIT, bigBodies: 24 });
  const failures: string[] = [];
  let slowest = { ms: 0, what: '' };
  let serverErrors = 0;
  let sent = 0;
  let stalled = false;
  for (const [i, c] of cases.entries()) {
    const a = await sendRaw(port, c, STALLED_MS);
    sent++;
    const what = `${describeCase(c, i)} → ${a.timedOut ? 'no answer' : a.status || 'connection closed'} in ${Math.round(a.ms)} ms`;
    if (a.ms > slowest.ms) slowest = { ms: Math.round(a.ms), what };
    if (a.status >= 500) serverErrors++;
    // Past the limit the server answers 413 and closes while the body is still arriving; the reset
    // can reach the client before the answer does, so a closed connection is a refusal there.
    const refusedMidBody = a.status === 0 && !a.timedOut && (c.body?.length ?? 0) > BODY_LIMIT;
    if (a.status >= 500 || (a.status === 0 && !refusedMidBody) || a.ms > SLOW_MS) failures.push(what);
    if ((stalled = a.timedOut)) break;
  }
  console.log(
    `fuzz (FUZZ_SEED=${SEED}, FUZZ_ROUNDS=${ROUNDS}): ${sent} of ${cases.length} requests sent, ${serverErrors} answered 5xx, slowest ${slowest.what}`,
  );
  await stop({ stalled });
  // What the server logged about its 5xx answers: the bug to fix.
  const bugs = server.logs
    .filter((l) => l.level === 'error' || l.msg === 'request failed')
    .map((l) => `${l.msg}: ${String(l.code ?? '')} ${String(l.error)} ${String(l.stack ?? '')}`);
  expect({ failures, bugs }, `replay with FUZZ_SEED=${SEED} FUZZ_ROUNDS=${ROUNDS}`).toEqual({ failures: [], bugs: [] });
}, 300_000);
