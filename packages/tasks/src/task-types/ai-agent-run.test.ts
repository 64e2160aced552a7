import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../../test/helpers/fake-hub.js';
import { aiAgentRunTask } from './ai-agent-run.js';

const START = 'POST /api/ai/v1/agents/ops%20bot/runs';
const POLL = 'GET /api/ai/v1/runs/r1';
const job = { pipelineId: '', taskParams: { agentAlias: 'ops bot', agentInput: { q: 1 }, agentVersion: 2 } };

describe('ai_agent_run', () => {
  it('starts the run and polls it past WAITING_APPROVAL until SUCCEEDED', async () => {
    const { hub, calls, requests } = createFakeHub({
      answers: {
        [START]: [{ id: 'r1', status: 'QUEUED' }],
        [POLL]: [
          { id: 'r1', status: 'RUNNING' },
          { status: 'WAITING_APPROVAL' },
          { id: 'r1', status: 'SUCCEEDED' },
        ],
      },
    });
    const { ctx, sleeps } = createTestContext({ hub, job });
    expect(await aiAgentRunTask.execute(ctx)).toEqual({ message: 'AI run r1 of agent ops bot succeeded' });
    expect(calls).toEqual([START, POLL, POLL, POLL]);
    expect(requests[0]?.body).toEqual({ input: { q: 1 }, agentVersion: 2 });
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('fails with the run status and reason when the run fails', async () => {
    const { hub } = createFakeHub({
      answers: {
        [START]: [{ id: 'r1', status: 'QUEUED' }],
        [POLL]: [{ id: 'r1', status: 'CANCELLED', error: 'stopped' }],
      },
    });
    const { ctx } = createTestContext({ hub, job });
    await expect(aiAgentRunTask.execute(ctx)).rejects.toMatchObject({
      code: 'COREHUB_RUN_FAILED',
      retryable: false,
      message: 'AI run r1 of agent ops bot ended CANCELLED: stopped',
    });
  });

  it('gives up after its polling bound', async () => {
    const { hub, calls } = createFakeHub({
      answers: { [START]: [{ id: 'r1', status: 'QUEUED' }], [POLL]: [{ id: 'r1', status: 'RUNNING' }] },
    });
    const { ctx } = createTestContext({ hub, job, timing: { aiRun: { intervalMs: 1000, timeoutMs: 3000 } } });
    await expect(aiAgentRunTask.execute(ctx)).rejects.toMatchObject({ code: 'COREHUB_RUN_TIMED_OUT' });
    expect(calls.filter((call) => call === POLL)).toHaveLength(4);
  });

  it('fails, unretried, when the started run has no id', async () => {
    const { hub } = createFakeHub({ answers: { [START]: [{ status: 'QUEUED' }] } });
    const { ctx } = createTestContext({ hub, job });
    await expect(aiAgentRunTask.execute(ctx)).rejects.toMatchObject({ code: 'COREHUB_REPLY_UNREADABLE' });
  });

  it("sends the correlation id a TriggerFlow's AI run carries (the next hop's loop guard reads it)", async () => {
    const { hub, requests } = createFakeHub({
      answers: { [START]: [{ id: 'r1', status: 'QUEUED' }], [POLL]: [{ id: 'r1', status: 'SUCCEEDED' }] },
    });
    const { ctx } = createTestContext({ hub, job: { ...job, correlationId: 'chronos:4:9:run-7' } });
    await aiAgentRunTask.execute(ctx);
    expect(requests[0]?.body).toEqual({
      input: { q: 1 },
      agentVersion: 2,
      correlationId: 'chronos:4:9:run-7',
    });
  });
});
