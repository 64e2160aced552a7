import { CoreHubHttpError } from '@chronos/corehub';
import type { CoreHubPort, CoreHubRequest, CoreHubResponse } from '@chronos/corehub/contract';
import { describe, expect, it } from 'vitest';
import { createRecordingHub, formatRequestPath, type RecordedStep } from './recording-hub.js';

const AT = new Date('2026-03-29T01:30:00.000Z');

/** Answers from a script, keyed by path; records what it was sent. */
function scriptedHub(answers: Record<string, CoreHubResponse | Error>) {
  const sent: CoreHubRequest[] = [];
  const hub: CoreHubPort = {
    async send(req) {
      sent.push(req);
      const answer = answers[req.path];
      if (!answer) throw new Error(`unscripted ${req.path}`);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return { hub, sent };
}

describe('formatRequestPath', () => {
  it('appends the query as sent, dropping undefined values', () => {
    expect(
      formatRequestPath({
        path: '/pipelines/p1/commands/sync/start',
        query: { entity: 'e1', withSnapshot: false, snapshotWriteMethod: 'UPSERT', skipped: undefined },
      }),
    ).toBe('/pipelines/p1/commands/sync/start?entity=e1&withSnapshot=false&snapshotWriteMethod=UPSERT');
    expect(formatRequestPath({ path: '/pipelines/p1/commands/maintenance/enter' })).toBe(
      '/pipelines/p1/commands/maintenance/enter',
    );
  });
});

describe('createRecordingHub', () => {
  it('records a successful call as a step with its attempt, status and the hub text', async () => {
    const { hub } = scriptedHub({
      '/pipelines/p1/commands/sync/redo': {
        status: 202,
        body: 'Restart sync command received',
        text: 'Restart sync command received',
        durationMs: 12,
      },
    });
    const steps: RecordedStep[] = [];
    const recording = createRecordingHub(hub, {
      attempt: 2,
      signal: new AbortController().signal,
      onStep: async (step) => {
        steps.push(step);
      },
      now: () => AT,
    });
    const response = await recording.send({
      method: 'POST',
      path: '/pipelines/p1/commands/sync/redo',
      query: { entity: 'e1', withSnapshot: true },
    });
    expect(response.status).toBe(202);
    expect(steps).toEqual([
      {
        method: 'POST',
        path: '/pipelines/p1/commands/sync/redo?entity=e1&withSnapshot=true',
        status: 202,
        duration_ms: 12,
        message: 'Restart sync command received',
        at: AT.toISOString(),
        attempt: 2,
      },
    ]);
  });

  it('records a failed call with the hub status and message, then rethrows the same error', async () => {
    const failure = new CoreHubHttpError(
      'CoreHub answered 500 to POST /pipelines/p1/commands/sync/stop: disk full',
      {
        code: 'COREHUB_SERVER_ERROR',
        retryable: true,
        status: 500,
        hubMessage: 'disk full',
      },
    );
    const { hub } = scriptedHub({ '/pipelines/p1/commands/sync/stop': failure });
    const steps: RecordedStep[] = [];
    const recording = createRecordingHub(hub, {
      attempt: 1,
      signal: new AbortController().signal,
      onStep: async (step) => {
        steps.push(step);
      },
      now: () => AT,
    });
    await expect(recording.send({ method: 'POST', path: '/pipelines/p1/commands/sync/stop' })).rejects.toBe(
      failure,
    );
    expect(steps).toMatchObject([{ status: 500, message: 'disk full', attempt: 1 }]);
  });

  it('summarises JSON list answers instead of storing them', async () => {
    const { hub } = scriptedHub({
      '/pipelines/p1/entities-status': {
        status: 200,
        body: [{ entityId: 'e1' }, { entityId: 'e2' }],
        text: '[…]',
        durationMs: 3,
      },
    });
    const steps: RecordedStep[] = [];
    const recording = createRecordingHub(hub, {
      attempt: 1,
      signal: new AbortController().signal,
      onStep: async (step) => {
        steps.push(step);
      },
    });
    await recording.send({ method: 'GET', path: '/pipelines/p1/entities-status' });
    expect(steps[0]?.message).toBe('2 item(s)');
  });

  it('passes the attempt signal to every call and refuses calls once it aborted', async () => {
    const { hub, sent } = scriptedHub({ '/a': { status: 200, body: '', text: '', durationMs: 1 } });
    const controller = new AbortController();
    const recording = createRecordingHub(hub, {
      attempt: 1,
      signal: controller.signal,
      onStep: async () => undefined,
    });
    await recording.send({ method: 'GET', path: '/a' });
    expect(sent[0]?.signal?.aborted).toBe(false);
    controller.abort(new Error('deadline'));
    expect(sent[0]?.signal?.aborted).toBe(true);
    await expect(recording.send({ method: 'GET', path: '/a' })).rejects.toThrow('deadline');
    expect(sent).toHaveLength(1);
  });
});
