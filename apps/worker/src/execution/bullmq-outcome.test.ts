import { type Job as BullJob, DelayedError, UnrecoverableError, WaitingError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { settleBullmqJob } from './bullmq-outcome.js';

/** Just the two BullMQ job moves the mapping may call, recorded. */
function recordingJob() {
  const moves: string[] = [];
  const job = {
    async moveToDelayed(timestamp: number, token?: string) {
      moves.push(`delayed:${token}:${timestamp > Date.now() - 1000 ? 'future' : 'past'}`);
    },
    async moveToWait(token?: string) {
      moves.push(`wait:${token}`);
      return 0;
    },
    data: { v: 1, jobId: 3, executionId: 7 },
    async updateData(data: unknown) {
      moves.push(`data:${JSON.stringify(data)}`);
    },
  } as unknown as BullJob;
  return { job, moves };
}

describe('settleBullmqJob', () => {
  it('completes the queue job when the execution is done, whatever its status', async () => {
    const { job, moves } = recordingJob();
    await expect(
      settleBullmqJob(job, 't', { kind: 'done', executionId: 7, status: 'skipped' }),
    ).resolves.toEqual({
      executionId: 7,
      status: 'skipped',
    });
    expect(moves).toEqual([]);
  });

  it('fails for good (UnrecoverableError) when the failure is not retryable or the execution timed out', async () => {
    const { job } = recordingJob();
    await expect(
      settleBullmqJob(job, 't', {
        kind: 'failed',
        executionId: 7,
        status: 'failed',
        message: '404',
        isRetryable: false,
      }),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(
      settleBullmqJob(job, 't', {
        kind: 'failed',
        executionId: 7,
        status: 'timed_out',
        message: 'slow',
        isRetryable: true,
      }),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('fails with a plain Error when retries are exhausted', async () => {
    const { job } = recordingJob();
    const settled = settleBullmqJob(job, 't', {
      kind: 'failed',
      executionId: 7,
      status: 'failed',
      message: '500',
      isRetryable: true,
    });
    await expect(settled).rejects.toThrow('execution 7 failed: 500');
    await expect(settled).rejects.not.toBeInstanceOf(UnrecoverableError);
  });

  it('moves the same queue job to delayed for a retry', async () => {
    const { job, moves } = recordingJob();
    await expect(
      settleBullmqJob(job, 'tok', { kind: 'retry', executionId: 7, delayMs: 500 }),
    ).rejects.toBeInstanceOf(DelayedError);
    expect(moves).toEqual(['delayed:tok:future']);
  });

  it('hands an interrupted attempt back to the wait list', async () => {
    const { job, moves } = recordingJob();
    await expect(settleBullmqJob(job, 'tok', { kind: 'handed_back', executionId: 7 })).rejects.toBeInstanceOf(
      WaitingError,
    );
    expect(moves).toEqual(['wait:tok']);
  });

  it('leaves the queue job of a superseded attempt alone: no move, no completion', async () => {
    const { job, moves } = recordingJob();
    await expect(settleBullmqJob(job, 't', { kind: 'superseded', executionId: 7 })).rejects.toBeInstanceOf(
      WaitingError,
    );
    expect(moves).toEqual([]);
  });

  it('keeps an unrecorded outcome in the job data, then delays the job instead of completing it', async () => {
    const { job, moves } = recordingJob();
    const pending = {
      kind: 'retry' as const,
      attempt: 1,
      error: 'attempt 1 of 3 failed: 503',
      steps: [],
      delayMs: 500,
    };
    await expect(
      settleBullmqJob(job, 't', { kind: 'unrecorded', executionId: 7, pending, delayMs: 200 }),
    ).rejects.toBeInstanceOf(DelayedError);
    expect(moves).toEqual([
      `data:${JSON.stringify({ v: 1, jobId: 3, executionId: 7, pendingOutcome: pending })}`,
      'delayed:t:future',
    ]);
  });
});
