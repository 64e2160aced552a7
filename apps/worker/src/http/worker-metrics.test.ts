import { CoreHubHttpError, CoreHubNetworkError } from '@chronos/corehub';
import type { CoreHubRequest } from '@chronos/corehub/contract';
import { type Execution, MISSED_REASONS } from '@chronos/jobs';
import { createLogger } from '@chronos/logger';
import { Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMeteredHub } from './metered-hub.js';
import { createWorkerMetrics } from './worker-metrics.js';

const logger = createLogger({ service: 'worker-metrics-test', level: 'silent' });

function execution(patch: Partial<Execution>): Execution {
  return {
    id: 1,
    jobId: 7,
    trigger: 'schedule',
    scheduledFor: new Date('2026-03-02T08:30:00.000Z'),
    queuedAt: new Date('2026-03-02T08:30:00.000Z'),
    startedAt: null,
    finishedAt: null,
    status: 'queued',
    attempt: 1,
    workerId: 'w-1',
    error: null,
    steps: [],
    ...patch,
  };
}

/** The value of one sample of `name` whose labels include `labels`. */
async function sampleOf(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const metrics = await registry.getMetricsAsJSON();
  const samples = metrics.flatMap((metric) =>
    metric.values.map((value) => ({
      ...value,
      // Histograms name each sample (`…_sum`, `…_count`); counters and gauges use the metric's name.
      metricName: (value as { metricName?: string }).metricName ?? metric.name,
    })),
  );
  return samples.find(
    (sample) =>
      sample.metricName === name &&
      Object.entries(labels).every(([key, value]) => String(sample.labels[key]) === value),
  )?.value;
}

const job = { taskType: 'pipeline_stop' };

describe('worker metrics', () => {
  it('counts a finished execution by the task type of its job, status and trigger, with its duration', async () => {
    const metrics = createWorkerMetrics({ logger });
    metrics.observeExecution(
      'execution.finished',
      execution({
        status: 'succeeded',
        startedAt: new Date('2026-03-02T08:30:01.000Z'),
        finishedAt: new Date('2026-03-02T08:30:03.500Z'),
      }),
      { taskType: 'entity_start' },
    );
    const labels = { task_type: 'entity_start', status: 'succeeded', trigger: 'schedule' };
    expect(await sampleOf(metrics.registry, 'chronos_executions_total', labels)).toBe(1);
    expect(
      await sampleOf(metrics.registry, 'chronos_execution_duration_seconds_sum', {
        task_type: 'entity_start',
      }),
    ).toBe(2.5);
  });

  it('skips the duration of a run that never started', async () => {
    const metrics = createWorkerMetrics({ logger });
    metrics.observeExecution('execution.finished', execution({ status: 'missed', finishedAt: new Date() }), {
      taskType: 'pipeline_stop',
    });
    expect(
      await sampleOf(metrics.registry, 'chronos_executions_total', {
        task_type: 'pipeline_stop',
        status: 'missed',
      }),
    ).toBe(1);
    expect(await sampleOf(metrics.registry, 'chronos_execution_duration_seconds_count')).toBeUndefined();
  });

  it('counts missed ticks per job, and nothing for other outcomes', async () => {
    const metrics = createWorkerMetrics({ logger });
    const finished = { finishedAt: new Date() };
    metrics.observeExecution('execution.finished', execution({ status: 'missed', ...finished }), job);
    metrics.observeExecution('execution.finished', execution({ status: 'missed', ...finished }), job);
    metrics.observeExecution('execution.finished', execution({ status: 'failed', ...finished }), job);
    const jobId = String(execution({}).jobId);
    expect(await sampleOf(metrics.registry, 'chronos_job_missed_ticks_total', { job_id: jobId })).toBe(2);
  });

  it('counts missed ticks by reason from the same events, so both series add up to the same total', async () => {
    const metrics = createWorkerMetrics({ logger });
    const missed = (error: string) => execution({ status: 'missed', finishedAt: new Date(), error });
    metrics.observeExecution('execution.finished', missed(MISSED_REASONS.no_worker), job);
    metrics.observeExecution('execution.finished', missed(MISSED_REASONS.no_worker), job);
    metrics.observeExecution('execution.finished', missed(MISSED_REASONS.redis_unavailable), job);
    metrics.observeExecution('execution.finished', missed(`${MISSED_REASONS.late} 90 s after its time`), job);
    const reasons = { late: 1, no_worker: 2, redis_unavailable: 1 };
    for (const [reason, count] of Object.entries(reasons)) {
      expect(await sampleOf(metrics.registry, 'chronos_missed_ticks_total', { reason })).toBe(count);
    }
    expect(await sampleOf(metrics.registry, 'chronos_job_missed_ticks_total', { job_id: '7' })).toBe(4);
  });

  it('observes the schedule lag of the first start of a tick only', async () => {
    const metrics = createWorkerMetrics({ logger });
    const startedAt = new Date('2026-03-02T08:30:00.250Z');
    metrics.observeExecution('execution.started', execution({ status: 'running', startedAt }), job);
    metrics.observeExecution(
      'execution.started',
      execution({ status: 'running', startedAt, attempt: 2 }),
      job,
    );
    metrics.observeExecution(
      'execution.started',
      execution({ status: 'running', startedAt, trigger: 'manual' }),
      job,
    );
    expect(await sampleOf(metrics.registry, 'chronos_schedule_lag_seconds_count')).toBe(1);
    expect(await sampleOf(metrics.registry, 'chronos_schedule_lag_seconds_sum')).toBe(0.25);
  });

  it('counts reconciler passes by kind and repairs by kind', async () => {
    const metrics = createWorkerMetrics({ logger });
    metrics.observeReconcile({ pass: 'full', upserted: [1, 2], removed: [3], foreign: 0 });
    metrics.observeReconcile({ pass: 'full', upserted: [], removed: [], foreign: 4 });
    metrics.observeReconcile({ pass: 'unchanged', upserted: [], removed: [], foreign: 0 });
    expect(await sampleOf(metrics.registry, 'chronos_reconciler_passes_total', { pass: 'full' })).toBe(2);
    expect(await sampleOf(metrics.registry, 'chronos_reconciler_passes_total', { pass: 'unchanged' })).toBe(
      1,
    );
    expect(await sampleOf(metrics.registry, 'chronos_reconciler_repairs_total', { kind: 'upsert' })).toBe(2);
    expect(await sampleOf(metrics.registry, 'chronos_reconciler_repairs_total', { kind: 'remove' })).toBe(1);
  });

  it('counts webhook delivery attempts by event and outcome', async () => {
    const metrics = createWorkerMetrics({ logger });
    metrics.observeNotificationDelivery('failed', 'retrying');
    metrics.observeNotificationDelivery('failed', 'retrying');
    metrics.observeNotificationDelivery('failed', 'delivered');
    metrics.observeNotificationDelivery('recovered', 'gave_up');
    const count = (event: string, outcome: string) =>
      sampleOf(metrics.registry, 'chronos_notification_deliveries_total', { event, outcome });
    expect(await count('failed', 'retrying')).toBe(2);
    expect(await count('failed', 'delivered')).toBe(1);
    expect(await count('recovered', 'gave_up')).toBe(1);
  });

  it('reads queue depths and the CoreHub connection state on scrape', async () => {
    const metrics = createWorkerMetrics({ logger });
    let status: 'connecting' | 'connected' = 'connecting';
    metrics.setConnectionState(() => status);
    metrics.setQueueCounter(async () => ({ waiting: 3, active: 1, delayed: 2 }));
    expect(await sampleOf(metrics.registry, 'chronos_corehub_connection_state')).toBe(1);
    status = 'connected';
    expect(await sampleOf(metrics.registry, 'chronos_corehub_connection_state')).toBe(2);
    expect(await sampleOf(metrics.registry, 'chronos_queue_jobs', { state: 'waiting' })).toBe(3);
    expect(await sampleOf(metrics.registry, 'chronos_queue_jobs', { state: 'failed' })).toBe(0);
  });

  it('keeps the last queue depths when Redis fails a scrape', async () => {
    const metrics = createWorkerMetrics({ logger });
    metrics.setQueueCounter(async () => ({ waiting: 5 }));
    expect(await sampleOf(metrics.registry, 'chronos_queue_jobs', { state: 'waiting' })).toBe(5);
    metrics.setQueueCounter(async () => {
      throw new Error('redis down');
    });
    expect(await sampleOf(metrics.registry, 'chronos_queue_jobs', { state: 'waiting' })).toBe(5);
  });

  it('joins a registry that already has the shared series (single-process mode) instead of failing', async () => {
    const registry = new Registry();
    const apiQueueGauge = new Gauge({
      name: 'chronos_queue_jobs',
      help: 'defined by the API',
      labelNames: ['state'],
      registers: [registry],
    });
    apiQueueGauge.set({ state: 'waiting' }, 9);
    const first = createWorkerMetrics({ registry, logger });
    const second = createWorkerMetrics({ registry, logger });
    first.observeReconcile({ pass: 'full', upserted: [1], removed: [], foreign: 0 });
    second.observeReconcile({ pass: 'full', upserted: [2], removed: [], foreign: 0 });
    expect(await sampleOf(registry, 'chronos_reconciler_repairs_total', { kind: 'upsert' })).toBe(2);
    expect(await sampleOf(registry, 'chronos_queue_jobs', { state: 'waiting' })).toBe(9);
  });
});

describe('metered hub', () => {
  const request: CoreHubRequest = { method: 'POST', path: '/pipelines/p/commands/sync/stop' };
  const lifecycle = { connect: async () => undefined, close: async () => undefined };

  it('counts successes and failures by method, outcome and status, and passes results through', async () => {
    const metrics = createWorkerMetrics({ logger });
    const answers: Array<() => Promise<never> | Promise<{ status: number }>> = [
      async () => ({ status: 202 }),
      async () => {
        throw new CoreHubHttpError('503', { code: 'COREHUB_SERVER_ERROR', retryable: true, status: 503 });
      },
      async () => {
        throw new CoreHubNetworkError('refused', { code: 'COREHUB_UNREACHABLE', retryable: true });
      },
    ];
    const hub = createMeteredHub(
      {
        ...lifecycle,
        send: async () => {
          const answer = answers.shift();
          if (!answer) throw new Error('no more answers');
          return { ...(await answer()), body: '', text: '', durationMs: 1 };
        },
      },
      metrics,
    );
    await expect(hub.send(request)).resolves.toMatchObject({ status: 202 });
    await expect(hub.send(request)).rejects.toBeInstanceOf(CoreHubHttpError);
    await expect(hub.send(request)).rejects.toBeInstanceOf(CoreHubNetworkError);
    const counted = (outcome: string, status: string) =>
      sampleOf(metrics.registry, 'chronos_corehub_requests_total', { method: 'POST', outcome, status });
    expect(await counted('success', '202')).toBe(1);
    expect(await counted('http_error', '503')).toBe(1);
    expect(await counted('network_error', 'none')).toBe(1);
  });
});
