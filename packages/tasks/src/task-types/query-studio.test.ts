import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext, FakeHubError } from '../../test/helpers/fake-hub.js';
import { queryStudioTask } from './query-studio.js';

const EXECUTE = 'POST /query-studio/pipelines/p1/agents/live-agent/execute';

describe('query_studio', () => {
  it("reads the saved query, whose live SQL and agent win, then executes it with the job's readOnly", async () => {
    const { hub, calls, requests } = createFakeHub({
      answers: {
        'GET /query-studio/saved-queries/q%2F1': [{ data: { querySql: 'select 2', agent_id: 'live-agent' } }],
        [EXECUTE]: [{ status: 'ok', rows: [] }],
      },
    });
    const { ctx } = createTestContext({
      hub,
      job: { taskParams: { agentId: 'a1', querySql: 'select 1', savedQueryId: 'q/1', queryReadOnly: false } },
    });
    expect(await queryStudioTask.execute(ctx)).toEqual({
      message: 'ran query through agent live-agent of pipeline p1',
    });
    expect(calls).toEqual(['GET /query-studio/saved-queries/q%2F1', EXECUTE]);
    expect(requests[1]?.body).toEqual({ sql: 'select 2', options: { readOnly: false } });
  });

  it("falls back to the job's SQL when the saved query cannot be read, read-only by default", async () => {
    const { hub, calls, requests } = createFakeHub({
      failWith: (call) => (call.includes('saved-queries') ? new FakeHubError(404, false, 'gone') : undefined),
    });
    const { ctx } = createTestContext({
      hub,
      job: { taskParams: { agentId: 'a1', querySql: 'select 1', savedQueryId: 'q1' } },
    });
    await queryStudioTask.execute(ctx);
    expect(calls[1]).toBe('POST /query-studio/pipelines/p1/agents/a1/execute');
    expect(requests[1]?.body).toEqual({ sql: 'select 1', options: { readOnly: true } });
  });

  it('fails when Query Studio reports a failed query', async () => {
    const { hub } = createFakeHub({
      answers: {
        'POST /query-studio/pipelines/p1/agents/a1/execute': [{ status: 'Error', message: 'no table' }],
      },
    });
    const { ctx } = createTestContext({ hub, job: { taskParams: { agentId: 'a1', querySql: 'select x' } } });
    await expect(queryStudioTask.execute(ctx)).rejects.toMatchObject({
      code: 'COREHUB_RUN_FAILED',
      message: expect.stringContaining('no table'),
    });
  });
});
