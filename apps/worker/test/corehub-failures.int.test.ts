import net from 'node:net';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import { PIPELINE } from './helpers/harness.js';

// The 500 and the hang past timeout_seconds are in run-now.int.test.ts; these are the CoreHub failures an
// execution had not met yet: nobody listening, and a 401 in the middle of a task.
const SNAPSHOT_PATH = `/pipelines/${PIPELINE}/commands/sync/one-time-snapshot`;

/** What CoreHub says when it refuses a token. */
const HUB_401 =
  'Invalid authorization token, please retry or make a new login in order to obtain a fresh token';

/** A loopback port nothing listens on: connecting to it is refused. */
async function refusingPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('CoreHub failures as an execution records them', () => {
  test('CoreHub down (connection refused): `failed` after max_attempts, naming the address that refused', async ({
    harness,
  }) => {
    const port = await refusingPort();
    await harness.startRuntime({
      env: { CORE_HUB_URL: `http://127.0.0.1:${port}`, COREHUB_REQUEST_TIMEOUT_MS: '1000' },
    });
    const job = await harness.createJob({ taskType: 'pipeline_stop', maxAttempts: 2 });
    const final = await harness.waitForFinal((await harness.runNow(job)).id);

    expect(final).toMatchObject({ status: 'failed', attempt: 2 });
    expect(final.error).toBe(
      `no CoreHub module connection within 1000 ms: cannot reach CoreHub at http://127.0.0.1:${port}/ext-module: it refused the connection (ECONNREFUSED); check that CoreHub is running there and that CORE_HUB_URL points at it`,
    );
  });

  test('a 401 mid-run: the module token is refreshed once and the task succeeds on its first attempt', async ({
    harness,
  }) => {
    await harness.startRuntime();
    harness.sim.addFault({ route: `POST ${SNAPSHOT_PATH}`, status: 401, times: 1 });
    const job = await harness.createJob({ taskType: 'pipeline_snapshot', maxAttempts: 3 });
    const final = await harness.waitForFinal((await harness.runNow(job)).id);

    expect(final).toMatchObject({ status: 'succeeded', attempt: 1, error: null });
    // The stop and the reads before it went through on the first token; only the snapshot call was repeated.
    expect(harness.sim.journal({ kind: 'http', path: SNAPSHOT_PATH }).map((call) => call.status)).toEqual([
      401, 202,
    ]);
    expect(harness.sim.journal({ path: '/ext-module' })).toHaveLength(2);
  });

  test('CoreHub keeps answering 401: `failed` with an auth message that names the call', async ({
    harness,
  }) => {
    await harness.startRuntime();
    harness.sim.addFault({
      route: `POST ${SNAPSHOT_PATH}`,
      status: 401,
      body: { notificationId: -1, message: HUB_401 },
    });
    const job = await harness.createJob({ taskType: 'pipeline_snapshot', maxAttempts: 2 });
    const final = await harness.waitForFinal((await harness.runNow(job)).id);

    expect(final).toMatchObject({ status: 'failed', attempt: 2 });
    expect(final.error).toBe(
      `CoreHub rejected the refreshed token; check Chronos credentials / CoreHub session TTL. Details: POST ${SNAPSHOT_PATH} answered 401 again with a fresh module token: ${HUB_401}`,
    );
    // Each attempt: the call, one refresh, the call again.
    expect(harness.sim.journal({ kind: 'http', path: SNAPSHOT_PATH })).toHaveLength(4);
  });
});
