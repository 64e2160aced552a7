import { openTestDb, type TestDb } from '@chronos/db/testing';
import type { ExecutionStep } from '@chronos/jobs';
import { createLogger } from '@chronos/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishExecution } from '../src/execution/finish-execution.js';

const logger = createLogger({ service: 'finish-test', level: 'silent' });
const step = (path: string): ExecutionStep => ({
  method: 'POST',
  path,
  status: 200,
  duration_ms: 3,
  message: null,
  at: '2026-12-02T00:00:00.000Z',
});

describe('finishExecution on PostgreSQL', () => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await openTestDb('postgresql');
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  function collectingDeps() {
    const published: string[] = [];
    const deps = {
      db: testDb.db,
      logger,
      now: () => new Date(),
      publish: (type: string) => published.push(type),
    };
    return { deps, published };
  }

  async function runningExecution() {
    const { db } = testDb;
    const job = await db.jobs.create({
      name: 'finish',
      taskType: 'pipeline_stop',
      cronExpression: '0 3 * * *',
      isCronExpression: true,
      timezoneName: 'UTC',
      pipelineId: 'p1',
    });
    const { execution } = await db.executions.createIfAbsent({
      jobId: job.id,
      trigger: 'schedule',
      scheduledFor: new Date('2026-12-02T03:00:00Z'),
      status: 'queued',
    });
    const running = await db.executions.update(execution.id, { status: 'running', startedAt: new Date() });
    return { job, running };
  }

  it('writes the status, the steps and the job outcome, and announces it', async () => {
    const { job, running } = await runningExecution();
    const { deps, published } = collectingDeps();
    const finished = await finishExecution(deps, {
      job,
      execution: running,
      status: 'succeeded',
      error: null,
      steps: [step('/pipelines/p1/commands/sync/stop')],
    });
    const stored = await testDb.db.executions.get(running.id);
    expect(stored).toMatchObject({ status: 'succeeded', steps: [step('/pipelines/p1/commands/sync/stop')] });
    expect(finished).toMatchObject({ status: 'succeeded', finishedAt: stored.finishedAt });
    expect((await testDb.db.jobs.get(job.id)).lastStatus).toBe('succeeded');
    expect(published).toEqual(['execution.finished']);
  });

  it('leaves a row another attempt took over, and its job, as that attempt has them; announces nothing', async () => {
    const { job, running } = await runningExecution();
    // A redelivery took the row while this delivery was stalled.
    await testDb.db.executions.update(running.id, { attempt: 2, steps: [step('/attempt-2')] });
    const { deps, published } = collectingDeps();
    const finished = await finishExecution(deps, {
      job,
      execution: running,
      status: 'failed',
      error: 'boom',
      steps: [],
    });
    expect(finished).toBeNull();
    // Nor does the job carry the outcome that lost: its `last_*` fields are the newer attempt's to write.
    expect((await testDb.db.jobs.get(job.id)).lastStatus).toBeNull();
    expect(await testDb.db.executions.get(running.id)).toMatchObject({
      status: 'running',
      attempt: 2,
      error: null,
      steps: [step('/attempt-2')],
    });
    expect(published).toEqual([]);
  });
});
