import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { entityValidateTask } from './entity-validate.js';

const START = 'POST /data-comparison/runs';
const run = (jobId: string, status: string, counts: Record<string, number> = {}) => ({
  jobId,
  status,
  ...counts,
});

describe('entity_validate', () => {
  it('compares each entity, polls until done, and passes without differences', async () => {
    const { hub, calls, requests } = createFakeHub({
      answers: {
        [START]: [
          { jobId: 'c1', status: 'PENDING' },
          { jobId: 'c2', status: 'PENDING' },
        ],
        'GET /data-comparison/runs/c1': [run('c1', 'RUNNING'), run('c1', 'COMPLETED')],
        'GET /data-comparison/runs/c2': [run('c2', 'COMPLETED_WITH_WARNINGS')],
      },
    });
    const { ctx } = createTestContext({ hub, job: { entityIds: ['e1', 'e2'] } });
    const result = await entityValidateTask.execute(ctx);
    expect(calls).toEqual([
      START,
      'GET /data-comparison/runs/c1',
      'GET /data-comparison/runs/c1',
      START,
      'GET /data-comparison/runs/c2',
    ]);
    expect(requests[0]?.body).toEqual({ pipelineId: 'p1', entityId: 'e1' });
    expect(result.message).toBe(
      'validated 2 entities of pipeline p1 (e1: no differences; e2: no differences)',
    );
  });

  it("fails on differences with the reference's breakdown when reconciliation is off", async () => {
    const { hub, calls } = createFakeHub({
      answers: {
        [START]: [{ jobId: 'c1', status: 'PENDING' }],
        'GET /data-comparison/runs/c1': [
          run('c1', 'COMPLETED', { missingInTargetCount: 2, rowMismatchesCount: 1 }),
        ],
      },
    });
    const { ctx } = createTestContext({ hub });
    await expect(entityValidateTask.execute(ctx)).rejects.toMatchObject({
      code: 'VALIDATION_DIFFERENCES_FOUND',
      message:
        'Validation of entity e1 found 3 difference(s): 2 only in source, 0 only in target, 1 mismatching rows, 0 schema differences. Reconciliation is disabled for this job.',
    });
    expect(calls.some((call) => call.includes('reconciliation'))).toBe(false);
  });

  it('reconciles the differences when the job allows it', async () => {
    const { hub, calls, requests } = createFakeHub({
      answers: {
        [START]: [{ jobId: 'c1', status: 'PENDING' }],
        'GET /data-comparison/runs/c1': [run('c1', 'COMPLETED', { missingInSourceCount: 4 })],
        'POST /data-comparison/runs/c1/reconciliation': [{ jobId: 'c1', insertedCount: 4, skippedCount: 0 }],
      },
    });
    const { ctx } = createTestContext({ hub, job: { taskParams: { validationReconcile: true } } });
    expect((await entityValidateTask.execute(ctx)).message).toContain('e1: reconciled 4 difference(s)');
    expect(calls.at(-1)).toBe('POST /data-comparison/runs/c1/reconciliation');
    // CoreHub answers once the rows are fixed: bounded by the validation timeout, not the 30 s default.
    expect(requests.at(-1)?.timeoutMs).toBe(3_600_000);
  });

  it('fails with CoreHub’s error message when the comparison fails, and gives up after its bound', async () => {
    const failed = createFakeHub({
      answers: {
        [START]: [{ jobId: 'c1', status: 'PENDING' }],
        'GET /data-comparison/runs/c1': [
          run('c1', 'FAILED'),
          { jobId: 'c1', status: 'FAILED', errorMessage: 'no access' },
        ],
      },
    });
    await expect(
      entityValidateTask.execute(createTestContext({ hub: failed.hub }).ctx),
    ).rejects.toMatchObject({
      code: 'COREHUB_RUN_FAILED',
      message: 'Validation of entity e1 failed: FAILED',
    });
    const slow = createFakeHub({
      answers: {
        [START]: [{ jobId: 'c1', status: 'PENDING' }],
        'GET /data-comparison/runs/c1': [run('c1', 'RUNNING')],
      },
    });
    const { ctx } = createTestContext({
      hub: slow.hub,
      timing: { validation: { intervalMs: 2000, timeoutMs: 4000 } },
    });
    await expect(entityValidateTask.execute(ctx)).rejects.toMatchObject({ code: 'COREHUB_RUN_TIMED_OUT' });
    expect(slow.calls.filter((call) => call === 'GET /data-comparison/runs/c1')).toHaveLength(3);
  });
});
