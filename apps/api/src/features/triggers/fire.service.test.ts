import type { FlowExecutionLog, TriggerFlow } from '@chronos/jobs';
import { describe, expect, it } from 'vitest';
import { describeFire } from './fire.service.js';
import { readFirePayload } from './fire-request.js';

const flow = { id: 3, name: 'nightly', events: [] } as unknown as TriggerFlow;
const triggeredAt = new Date('2026-12-08T01:00:00Z');
const log = (overrides: Partial<FlowExecutionLog>): FlowExecutionLog => ({
  id: 9,
  triggerFlowId: 3,
  status: 'queued',
  source: 'webhook',
  errorMessage: null,
  durationMs: null,
  plan: [{} as FlowExecutionLog['plan'][number], {} as FlowExecutionLog['plan'][number]],
  eventsDone: 0,
  attempt: 0,
  detail: null,
  triggeredAt,
  finishedAt: null,
  ...overrides,
});

describe('fire responses (the original messages)', () => {
  const started = { kind: 'queued' as const, log: log({}), triggeredAt };

  it('answers queued, completed and failed with the original words', () => {
    expect(describeFire(flow, started)).toMatchObject({
      trigger_flow_id: 3,
      triggered_at: '2026-12-08T01:00:00.000Z',
      status: 'queued',
      events_count: 2,
      message: "TriggerFlow 'nightly' queued for execution",
    });
    expect(describeFire(flow, started, { log: log({ status: 'success' }), timeoutSeconds: 5 })).toMatchObject(
      {
        status: 'completed',
        message: "TriggerFlow 'nightly' completed",
      },
    );
    const detail = { position: 1, task_type: 'entity_stop', error: 'boom' };
    const failed = log({
      status: 'failed',
      errorMessage: 'Chain stopped early — one or more sync events failed or timed out',
      detail,
    });
    expect(describeFire(flow, started, { log: failed, timeoutSeconds: 5 })).toMatchObject({
      status: 'failed',
      message:
        "TriggerFlow 'nightly' failed: Chain stopped early — one or more sync events failed or timed out",
      detail: { log_id: 9, failed_event: detail },
    });
  });

  it('answers failed with the timeout message when the flow is still open after the wait', () => {
    expect(describeFire(flow, started, { log: log({ status: 'running' }), timeoutSeconds: 7 })).toMatchObject(
      {
        status: 'failed',
        message: "TriggerFlow 'nightly' failed: Timed out after 7s waiting for chain to finish",
      },
    );
  });

  it('reads no body as an empty payload and refuses anything but a JSON object', () => {
    expect(readFirePayload(undefined)).toEqual({});
    expect(readFirePayload({ a: 1 })).toEqual({ a: 1 });
    expect(() => readFirePayload([1])).toThrow('fire body is not a JSON object');
    expect(() => readFirePayload('text')).toThrow('fire body is not a JSON object');
  });
});
