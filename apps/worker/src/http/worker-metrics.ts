import type { ConnectionStatus } from '@chronos/corehub';
import { type Execution, type Job, missedReasonOf } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import {
  ensureDefaultMetrics,
  getOrCreateMetric,
  type QueueJobCounts,
  registerQueueDepths,
} from '@chronos/metrics';
import type { ExecutionEventType } from '@chronos/queue';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReconcileReport } from '../fleet-loops/reconciler.js';

/** `chronos_corehub_connection_state` values: 0 disconnected, 1 connecting, 2 connected. */
export const CONNECTION_STATE_VALUES: Readonly<Record<ConnectionStatus, number>> = {
  disconnected: 0,
  connecting: 1,
  connected: 2,
};

export type WorkerMetricsOptions = {
  /** Shared with the API in `chronos start`; a new registry otherwise (one per worker process or test). */
  registry?: Registry;
  logger: Logger;
};

export type WorkerMetrics = {
  readonly registry: Registry;
  /** Feeds one execution lifecycle event (the runtime's publisher calls it for every event). */
  observeExecution(type: ExecutionEventType, execution: Execution, job: Pick<Job, 'taskType'>): void;
  /** Counts one failure-notification delivery attempt by event and outcome (delivered, retrying, gave_up). */
  observeNotificationDelivery(event: string, outcome: string): void;
  /** Counts the schedulers one reconcile pass had to write or remove. */
  observeReconcile(report: ReconcileReport): void;
  /**
   * Counts one CoreHub request. Outcomes: `success`, `http_error`, `auth_error`, `timeout`, `network_error`,
   * `aborted` (our own timeout or shutdown), `error`.
   */
  observeCoreHubRequest(method: string, outcome: string, status: number | undefined): void;
  /** Where `chronos_queue_jobs` reads from on each scrape (set once the runtime's queue exists). */
  setQueueCounter(count: (() => Promise<QueueJobCounts>) | undefined): void;
  /** Where `chronos_corehub_connection_state` reads from on each scrape. */
  setConnectionState(read: (() => ConnectionStatus) | undefined): void;
};

function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / 1000);
}

/**
 * The worker's Prometheus series (snake_case, units in the name):
 * `chronos_executions_total{task_type,status,trigger}` (final statuses), `chronos_execution_duration_seconds`
 * (runs that started), `chronos_schedule_lag_seconds` (start − scheduled instant, first attempt of schedule
 * triggers), `chronos_corehub_requests_total{method,outcome,status}`, `chronos_queue_jobs{state}` and
 * `chronos_corehub_connection_state` (both read on scrape), `chronos_reconciler_repairs_total{kind}`,
 * `chronos_reconciler_passes_total{pass}`, `chronos_notification_deliveries_total{event,outcome}`,
 * `chronos_job_missed_ticks_total{job_id}` (one series per job that
 * ever missed a tick in this process) and `chronos_missed_ticks_total{reason}` (same events), plus
 * Node's process defaults.
 */
export function createWorkerMetrics(options: WorkerMetricsOptions): WorkerMetrics {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  const logger = options.logger.child({ component: 'metrics' });
  ensureDefaultMetrics(registry);
  let countQueueJobs: (() => Promise<QueueJobCounts>) | undefined;
  let readConnectionState: (() => ConnectionStatus) | undefined;

  const executions = getOrCreateMetric(
    registry,
    'chronos_executions_total',
    () =>
      new Counter({
        name: 'chronos_executions_total',
        help: 'Executions that reached a final status, by task type, status and trigger',
        labelNames: ['task_type', 'status', 'trigger'] as const,
        registers,
      }),
  );
  const duration = getOrCreateMetric(
    registry,
    'chronos_execution_duration_seconds',
    () =>
      new Histogram({
        name: 'chronos_execution_duration_seconds',
        help: 'From the first start to the final status of executions that ran, by task type and status',
        labelNames: ['task_type', 'status'] as const,
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
        registers,
      }),
  );
  const lag = getOrCreateMetric(
    registry,
    'chronos_schedule_lag_seconds',
    () =>
      new Histogram({
        name: 'chronos_schedule_lag_seconds',
        help: 'How late a scheduled tick started: start minus its scheduled instant',
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        registers,
      }),
  );
  const hubRequests = getOrCreateMetric(
    registry,
    'chronos_corehub_requests_total',
    () =>
      new Counter({
        name: 'chronos_corehub_requests_total',
        help: 'CoreHub requests made by tasks, by method, outcome and HTTP status ("none" without an answer)',
        labelNames: ['method', 'outcome', 'status'] as const,
        registers,
      }),
  );
  const missed = getOrCreateMetric(
    registry,
    'chronos_job_missed_ticks_total',
    () =>
      new Counter({
        name: 'chronos_job_missed_ticks_total',
        help: 'Ticks recorded missed (picked up after the misfire grace, or found by gap detection), by job id',
        // The id only: a counter must keep its series when a job is renamed (names are on chronos_job_* gauges).
        labelNames: ['job_id'] as const,
        registers,
      }),
  );
  // Counted with `missed` above from the same event, so the two always add up to the same total.
  const missedByReason = getOrCreateMetric(
    registry,
    'chronos_missed_ticks_total',
    () =>
      new Counter({
        name: 'chronos_missed_ticks_total',
        help: 'Ticks recorded missed, by reason: late (after the misfire grace), no_worker, redis_unavailable',
        labelNames: ['reason'] as const,
        registers,
      }),
  );
  const passes = getOrCreateMetric(
    registry,
    'chronos_reconciler_passes_total',
    () =>
      new Counter({
        name: 'chronos_reconciler_passes_total',
        help: 'Reconcile passes this worker made: full (listed and compared) or unchanged (the in-line marker matched)',
        labelNames: ['pass'] as const,
        registers,
      }),
  );
  for (const pass of ['full', 'unchanged']) passes.inc({ pass }, 0);
  const repairs = getOrCreateMetric(
    registry,
    'chronos_reconciler_repairs_total',
    () =>
      new Counter({
        name: 'chronos_reconciler_repairs_total',
        help: 'Schedulers the reconciler had to write (upsert) or delete (remove) to match the database',
        labelNames: ['kind'] as const,
        registers,
      }),
  );
  // Explicit zeros: "no repair yet" is a value a dashboard can show, and rate() starts from it.
  for (const kind of ['upsert', 'remove']) repairs.inc({ kind }, 0);
  const notificationDeliveries = getOrCreateMetric(
    registry,
    'chronos_notification_deliveries_total',
    () =>
      new Counter({
        name: 'chronos_notification_deliveries_total',
        help:
          'Failure-notification delivery attempts, by event and outcome: delivered (2xx), retrying (failed, ' +
          'BullMQ tries again after its backoff), gave_up (the last attempt failed)',
        labelNames: ['event', 'outcome'] as const,
        registers,
      }),
  );
  registerQueueDepths(registry, {
    countJobs: () => countQueueJobs?.(),
    onReadError: (error) => logger.debug({ err: error }, 'queue depths not read'),
  });
  getOrCreateMetric(
    registry,
    'chronos_corehub_connection_state',
    () =>
      new Gauge({
        name: 'chronos_corehub_connection_state',
        help: 'CoreHub module connection: 0 disconnected, 1 connecting, 2 connected',
        registers,
        collect() {
          if (readConnectionState) this.set(CONNECTION_STATE_VALUES[readConnectionState()]);
        },
      }),
  );

  function countFinished(execution: Execution, taskType: string) {
    executions.inc({ task_type: taskType, status: execution.status, trigger: execution.trigger });
    if (execution.status === 'missed') {
      missed.inc({ job_id: String(execution.jobId) });
      missedByReason.inc({ reason: missedReasonOf(execution.error) });
    }
    if (execution.startedAt && execution.finishedAt) {
      const seconds = secondsBetween(execution.startedAt, execution.finishedAt);
      duration.observe({ task_type: taskType, status: execution.status }, seconds);
    }
  }

  return {
    registry,
    observeExecution(type, execution, job) {
      if (type === 'execution.finished') countFinished(execution, job.taskType);
      // The first start of a tick only: a retry's start says nothing about the scheduler being late.
      if (
        type === 'execution.started' &&
        execution.trigger === 'schedule' &&
        execution.attempt === 1 &&
        execution.startedAt
      ) {
        lag.observe(secondsBetween(execution.scheduledFor, execution.startedAt));
      }
    },
    observeNotificationDelivery(event, outcome) {
      notificationDeliveries.inc({ event, outcome });
    },
    observeReconcile(report) {
      passes.inc({ pass: report.pass });
      if (report.upserted.length > 0) repairs.inc({ kind: 'upsert' }, report.upserted.length);
      if (report.removed.length > 0) repairs.inc({ kind: 'remove' }, report.removed.length);
    },
    observeCoreHubRequest(method, outcome, status) {
      hubRequests.inc({ method, outcome, status: status === undefined ? 'none' : String(status) });
    },
    setQueueCounter(count) {
      countQueueJobs = count;
    },
    setConnectionState(read) {
      readConnectionState = read;
    },
  };
}
