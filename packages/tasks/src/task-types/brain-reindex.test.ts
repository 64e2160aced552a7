import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { brainReindexTask } from './brain-reindex.js';

const JOB = '/api/ai/v1/brain/job';
const brain = (status: string, generation: number, extra: Record<string, unknown> = {}) => ({
  status,
  generation,
  ...extra,
});

describe('brain_reindex', () => {
  it('does not take the previous READY for its own: waits for a new generation', async () => {
    const { hub, calls } = createFakeHub({
      answers: {
        [`GET ${JOB}`]: [
          brain('READY', 3),
          brain('READY', 3),
          brain('READY', 4, { message: 'Brain rebuilt.', tablesSeen: 12, edgesSeen: 30 }),
        ],
        [`POST ${JOB}`]: [brain('READY', 3)],
      },
    });
    const { ctx } = createTestContext({ hub, job: { pipelineId: '' } });
    expect(await brainReindexTask.execute(ctx)).toEqual({ message: 'Brain rebuilt. (12 tables, 30 edges)' });
    expect(calls).toEqual([`GET ${JOB}`, `POST ${JOB}`, `GET ${JOB}`, `GET ${JOB}`]);
  });

  it('fails with the brain message when the reindex it saw working ends FAILED', async () => {
    const { hub } = createFakeHub({
      answers: {
        [`GET ${JOB}`]: [brain('IDLE', 1), brain('FAILED', 1, { message: 'out of memory' })],
        [`POST ${JOB}`]: [brain('CREATING', 1)],
      },
    });
    await expect(brainReindexTask.execute(createTestContext({ hub }).ctx)).rejects.toMatchObject({
      code: 'COREHUB_RUN_FAILED',
      message: 'the enterprise brain reindex failed: out of memory',
    });
  });

  it('gives up after its polling bound', async () => {
    const { hub } = createFakeHub({
      answers: { [`GET ${JOB}`]: [brain('CREATING', 1)], [`POST ${JOB}`]: [brain('CREATING', 1)] },
    });
    const { ctx, sleeps } = createTestContext({
      hub,
      timing: { brainReindex: { intervalMs: 500, timeoutMs: 1000 } },
    });
    await expect(brainReindexTask.execute(ctx)).rejects.toMatchObject({ code: 'COREHUB_RUN_TIMED_OUT' });
    expect(sleeps).toEqual([500, 500]);
  });
});
