import { describe, expect, it } from 'vitest';
import {
  flowEventQueueJobId,
  flowFireQueueJobId,
  queueJobIdOf,
  runNowQueueJobId,
  tickDueMillis,
  tickQueueJobId,
} from './queue-ids.js';

describe('tickDueMillis', () => {
  it('reads the due instant from a BullMQ scheduler job id', () => {
    expect(tickDueMillis({ id: 'repeat:job-12:1767225600000', opts: {} })).toBe(1767225600000);
  });

  it('reads scheduler ids that themselves contain colons', () => {
    expect(tickDueMillis({ id: 'repeat:a:b:c:1767225600000', opts: {} })).toBe(1767225600000);
  });

  it('falls back to opts.prevMillis when the id has another shape', () => {
    expect(tickDueMillis({ id: 'custom-id', opts: { prevMillis: 1767225601000 } })).toBe(1767225601000);
  });

  it('answers undefined for a job that is not a tick', () => {
    expect(tickDueMillis({ id: 'run-5', opts: {} })).toBeUndefined();
    expect(tickDueMillis({ opts: { prevMillis: 0 } })).toBeUndefined();
  });
});

describe('queue job ids', () => {
  it('builds the tick id BullMQ gives a scheduler job, and reads it back', () => {
    const id = tickQueueJobId(12, 1767225600000);
    expect(id).toBe('repeat:job-12:1767225600000');
    expect(tickDueMillis({ id, opts: {} })).toBe(1767225600000);
  });

  it('names the queue job of each execution by its trigger', () => {
    const scheduledFor = new Date(1767225600000);
    expect(queueJobIdOf({ id: 7, jobId: 12, trigger: 'manual', scheduledFor })).toBe(runNowQueueJobId(7));
    expect(queueJobIdOf({ id: 7, jobId: 12, trigger: 'schedule', scheduledFor })).toBe(
      tickQueueJobId(12, 1767225600000),
    );
  });

  it('gives a fired flow and each of its async events one id, so a redelivered flow queues nothing twice', () => {
    expect(flowFireQueueJobId(41)).toBe('flow-41');
    expect(flowEventQueueJobId(41, 2)).toBe('flow-41-event-2');
    expect(
      new Set([flowEventQueueJobId(41, 2), flowEventQueueJobId(412, 0), flowEventQueueJobId(4, 12)]).size,
    ).toBe(3);
  });
});
