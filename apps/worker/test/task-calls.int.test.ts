import type { JournalEntry } from '@chronos/corehub-sim';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHarness, ENTITIES, GROUP, type Harness, PIPELINE } from './helpers/harness.js';

const P = `/pipelines/${PIPELINE}`;
const [E1, E2] = ENTITIES;
/** Stands for one or more `GET …/entities-status` polls (how many depends on how fast the hub settles). */
const POLL = 'POLL';

type Call = string | { method: string; path: string; query?: Record<string, string> };
const post = (path: string, query?: Record<string, string>): Call => ({
  method: 'POST',
  path: `${P}${path}`,
  query,
});
const get = (path: string): Call => ({ method: 'GET', path: `${P}${path}` });

/** DESIGN.md §5 for a job with two entities, one group, with_snapshot=true and snapshot_write_method=INSERT. */
const EXPECTED: Record<string, Call[]> = {
  entity_start: [E1, E2].map((entity) =>
    post('/commands/sync/start', { entity, withSnapshot: 'true', snapshotWriteMethod: 'INSERT' }),
  ),
  entity_stop: [E1, E2].map((entity) => post('/commands/sync/stop', { entity })),
  entity_snapshot: [E1, E2].flatMap((entity) => [
    post('/commands/sync/stop', { entity }),
    POLL,
    post('/commands/sync/one-time-snapshot', { entity, snapshotWriteMethod: 'INSERT', fromScratch: 'true' }),
  ]),
  entity_redo: [E1, E2].flatMap((entity) => [
    post('/commands/sync/stop', { entity }),
    POLL,
    post('/commands/sync/redo', { entity, withSnapshot: 'true', snapshotWriteMethod: 'INSERT' }),
  ]),
  pipeline_start: [post('/commands/sync/start', { withSnapshot: 'true', snapshotWriteMethod: 'INSERT' })],
  pipeline_stop: [post('/commands/sync/stop')],
  pipeline_snapshot: [
    post('/commands/sync/stop'),
    get('/entities'),
    POLL,
    post('/commands/sync/one-time-snapshot', { snapshotWriteMethod: 'INSERT', fromScratch: 'true' }),
  ],
  pipeline_redo: [
    post('/commands/sync/stop'),
    get('/entities'),
    POLL,
    post('/commands/sync/redo', { withSnapshot: 'true', snapshotWriteMethod: 'INSERT' }),
  ],
  group_start: [
    post('/commands/sync/start-group', {
      groupId: GROUP,
      withSnapshot: 'true',
      snapshotWriteMethod: 'INSERT',
    }),
  ],
  group_stop: [post('/commands/sync/stop-group', { groupId: GROUP })],
  group_snapshot: [
    post('/commands/sync/stop-group', { groupId: GROUP }),
    get('/config/entities'),
    POLL,
    post('/commands/sync/one-time-snapshot-group', {
      groupId: GROUP,
      snapshotWriteMethod: 'INSERT',
      fromScratch: 'true',
    }),
  ],
  group_redo: [
    post('/commands/sync/stop-group', { groupId: GROUP }),
    get('/config/entities'),
    POLL,
    post('/commands/sync/redo-group', {
      groupId: GROUP,
      withSnapshot: 'true',
      snapshotWriteMethod: 'INSERT',
    }),
  ],
  pipeline_enter_maintenance: [post('/commands/maintenance/enter')],
  pipeline_exit_maintenance: [post('/commands/maintenance/exit')],
};

/** The REST calls Chronos made, with consecutive status polls folded into one POLL marker. */
function observedCalls(journal: JournalEntry[]): Call[] {
  const calls: Call[] = [];
  for (const entry of journal) {
    if (entry.kind !== 'http' || entry.path.startsWith('/__sim')) continue;
    if (entry.method === 'GET' && entry.path === `${P}/entities-status`) {
      if (calls.at(-1) !== POLL) calls.push(POLL);
      continue;
    }
    const query = Object.fromEntries(Object.entries(entry.query).map(([key, value]) => [key, String(value)]));
    calls.push({
      method: entry.method,
      path: entry.path,
      query: Object.keys(query).length > 0 ? query : undefined,
    });
  }
  return calls;
}

describe('task types against the simulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
    await harness.startRuntime();
  });
  afterAll(() => harness.close());

  test.each(Object.keys(EXPECTED))(
    '%s sends exactly its documented calls, in order, and records each as a step',
    async (taskType) => {
      harness.sim.reset();
      const job = await harness.createJob({
        taskType,
        entityIds: [...ENTITIES],
        groupIds: [GROUP],
        withSnapshot: true,
        snapshotWriteMethod: 'INSERT',
      });
      const finished = await harness.waitForFinal((await harness.runNow(job)).id);
      expect(finished.error).toBeNull();
      expect(finished.status).toBe('succeeded');

      const journal = harness.sim
        .journal({ kind: 'http' })
        .filter((entry) => !entry.path.startsWith('/__sim'));
      expect(observedCalls(journal)).toEqual(EXPECTED[taskType]);
      // One step per call, in call order, with the path and query as sent.
      expect(finished.steps.map((step) => `${step.method} ${step.path.split('?')[0]}`)).toEqual(
        journal.map((entry) => `${entry.method} ${entry.path}`),
      );
      expect(finished.steps.every((step) => (step as { attempt?: number }).attempt === 1)).toBe(true);
    },
  );
});
