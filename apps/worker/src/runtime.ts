import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChronosConfig } from '@chronos/config';
import type { CoreHubClient } from '@chronos/corehub';
import type { CoreHubPort } from '@chronos/corehub/contract';
import type { Db } from '@chronos/db';
import type { Execution, Job, NotificationEvent } from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import {
  createExecutionEventPublisher,
  createRedisConnection,
  createRunsQueue,
  createRunsWorker,
  type ExecutionEventPublisher,
  type ExecutionEventType,
  publishFlowFinished,
  QUEUE_NAMES,
  type RedisConnection,
  type RunsQueue,
} from '@chronos/queue';
import type { Worker } from 'bullmq';
import { LOCK_LOST_REASON } from './execution/attempt-failure.js';
import { createTaskInvoker, type InvokeTask } from './execution/task-invocation.js';
import {
  createFleetLoops,
  type FleetLoops,
  type GapReport,
  type ReconcileReport,
} from './fleet-loops/index.js';
import { createFlowStepRunner } from './flows/flow-step-runner.js';
import { createNotifier, type DeliveryMetricOutcome, type Notifier } from './notifications/notifier.js';
import { createRunsProcessor } from './processors/runs-processor.js';
import { trackRedisOutages } from './redis-outages.js';

/** The slices of the configuration the runtime reads. */
export type WorkerRuntimeConfig = Pick<ChronosConfig, 'redis' | 'worker' | 'tasks' | 'policyDefaults'>;

/**
 * The CoreHub client as the runtime uses it: the port tasks call through, plus the connection lifecycle
 * the runtime drives (connect on start, close on stop).
 */
export type CoreHubPortWithLifecycle = CoreHubPort & Pick<CoreHubClient, 'connect' | 'close'>;

/** BullMQ and lease timings. Defaults suit production; tests may shorten them. */
export type WorkerTuning = {
  /**
   * BullMQ job lock (`WORKER_LOCK_SECONDS`, its stalled check every half of it). A killed worker's job is
   * picked up once its lock expired and a stalled check ran, i.e. within 1.5× the lock (45 s by default).
   * Shorter is not safer: BullMQ renews the lock on a timer, and a host saturated for longer than half the
   * lock lets a second worker take over an execution that is still calling CoreHub (the bench saw 40
   * doubled CoreHub calls in a burst at 6 s).
   */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** How many times a job may stall (its worker died) before BullMQ fails it; at least 1. */
  maxStalledCount: number;
  /** Lifetime of a `forbid` job's overlap lease (renewed while it runs). */
  overlapLeaseMs: number;
  pruneIntervalMs: number;
  /** How long an open execution may have no live queue job before the sweeper repairs it. */
  sweepStaleAfterMs: number;
};

/** The rest comes from the config: the lock (`WORKER_LOCK_SECONDS`) and its stalled check. */
export const DEFAULT_TUNING: Omit<WorkerTuning, 'lockDurationMs' | 'stalledIntervalMs'> = {
  maxStalledCount: 2,
  overlapLeaseMs: 30_000,
  pruneIntervalMs: 3_600_000,
  sweepStaleAfterMs: 120_000,
};

/** The runtime's commands connection and runs queue, lent to observers (readiness pings, queue depths). */
export type RuntimeResources = { redis: RedisConnection; queue: RunsQueue };

/**
 * Hooks for observability (metrics, readiness). Called synchronously on the runtime's path: they must not
 * throw or block.
 */
export type RuntimeObserver = {
  /** Once Redis and the runs queue exist (start), and with undefined once they are closed (stop). */
  onResources?(resources: RuntimeResources | undefined): void;
  /** Every execution lifecycle event this worker publishes. */
  onExecutionEvent?(type: ExecutionEventType, execution: Execution, job: Pick<Job, 'taskType'>): void;
  /** Every reconcile pass this worker made. */
  onReconcile?(report: ReconcileReport): void;
  /** Every notification delivery attempt this worker made. */
  onNotificationDelivery?(event: NotificationEvent, outcome: DeliveryMetricOutcome): void;
};

export type WorkerRuntimeDeps = {
  config: WorkerRuntimeConfig;
  logger: Logger;
  db: Db;
  hub: CoreHubPortWithLifecycle;
  /** Names this worker in execution rows and leases (default `<host>-<pid>-<random>`). */
  workerId?: string;
  tuning?: Partial<WorkerTuning>;
  /** The task registry binding; tests of the runtime never replace it (default: `@chronos/tasks`). */
  invokeTask?: InvokeTask;
  now?: () => Date;
  observer?: RuntimeObserver;
};

export type WorkerRuntime = {
  readonly workerId: string;
  /** Connects Redis and CoreHub, reconciles schedules once, then starts taking work. */
  start(): Promise<void>;
  /** Drains: stops taking work, waits for running tasks up to SHUTDOWN_TIMEOUT, hands back the rest, closes. */
  stop(): Promise<void>;
  /**
   * One reconcile pass now (ignores the fleet-wide lease): a full one unless `full: false`, which stops at
   * the in-line marker as the periodic loop does.
   */
  reconcileNow(options?: { full?: boolean }): Promise<ReconcileReport | null>;
  /** One gap-detection pass over every enabled job (after one in progress); null before `start()`. */
  detectGapsNow(): Promise<GapReport | null>;
};

type Started = {
  commands: RedisConnection;
  workerConnection: RedisConnection;
  queue: RunsQueue;
  worker: Worker;
  loops: FleetLoops;
  notifier: Notifier;
};

function defaultWorkerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Logs connection errors at most once per `everyMs` (ioredis repeats them on every reconnect attempt). */
function throttledErrorLog(logger: Logger, message: string, everyMs = 10_000) {
  let last = 0;
  return (error: unknown) => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    logger.warn({ err: error }, message);
  };
}

/**
 * The event publisher, also telling the notifier (failure notifications: every path that ends an execution
 * announces it here) and the observer (metrics) about every event.
 */
function observePublisher(
  publish: ExecutionEventPublisher,
  notifier: Notifier,
  observer: RuntimeObserver | undefined,
) {
  const onEvent = observer?.onExecutionEvent;
  const observed: ExecutionEventPublisher = (type, execution, job) => {
    publish(type, execution, job);
    notifier.observe(type, execution, job);
    onEvent?.(type, execution, job);
  };
  return observed;
}

/**
 * The worker process's engine: one BullMQ Worker on the runs queue (ticks and run-now), the reconciler, the
 * retention pruner and the CoreHub client's connection. No HTTP, no env: `main.ts` and tests build the deps.
 */
export function createWorkerRuntime(deps: WorkerRuntimeDeps): WorkerRuntime {
  const workerId = deps.workerId ?? defaultWorkerId();
  const { lockMs } = deps.config.worker;
  const tuning = { ...DEFAULT_TUNING, lockDurationMs: lockMs, stalledIntervalMs: lockMs / 2, ...deps.tuning };
  // The fleet loops bind their own `component` on `fleetLogger`; a second one on the same line would repeat
  // the key.
  const fleetLogger = deps.logger.child({ workerId });
  const logger = fleetLogger.child({ component: 'worker' });
  const now = deps.now ?? (() => new Date());
  const { prefix } = deps.config.redis;
  let started: Started | undefined;
  let stopping: Promise<void> | undefined;

  async function start(): Promise<void> {
    if (started) return;
    const commands = createRedisConnection(deps.config.redis, 'worker');
    const workerConnection = createRedisConnection(deps.config.redis, 'worker');
    commands.on('error', throttledErrorLog(logger, 'redis connection error'));
    workerConnection.on('error', throttledErrorLog(logger, 'redis connection error (worker)'));
    const redisOutages = trackRedisOutages(commands, now, deps.config.worker.gaps.windowMs);
    const queue = createRunsQueue({ connection: commands, prefix });
    queue.on('error', throttledErrorLog(logger, 'runs queue error'));

    deps.hub.connect().catch((error: unknown) => {
      // The client keeps reconnecting on its own; tasks wait for a token within their request timeout.
      // A connect cut short by our own stop() is not worth a warning.
      if (!stopping) logger.warn({ err: error }, 'corehub not connected yet');
    });

    const notifier = createNotifier({
      db: deps.db,
      redis: deps.config.redis,
      commands,
      prefix,
      settings: deps.config.worker.notifications,
      logger: fleetLogger,
      now,
      ...(deps.observer?.onNotificationDelivery ? { onDelivery: deps.observer.onNotificationDelivery } : {}),
    });
    const services = {
      db: deps.db,
      hub: deps.hub,
      redis: commands,
      prefix,
      workerId,
      logger,
      publish: observePublisher(
        createExecutionEventPublisher({ redis: commands, prefix, logger, now }),
        notifier,
        deps.observer,
      ),
      invokeTask: deps.invokeTask ?? createTaskInvoker(deps.config.tasks),
      runFlowStep: createFlowStepRunner(deps.config.tasks),
      announceFlowFinished: (log: { id: number; triggerFlowId: number }, status: string) => {
        publishFlowFinished(commands, prefix, { flowId: log.triggerFlowId, logId: log.id, status }).catch(
          (error: unknown) => logger.debug({ err: error, flowLogId: log.id }, 'flow event not published'),
        );
      },
      flowEventTimeoutMs: deps.config.policyDefaults.timeoutSeconds * 1000,
      retryBackoffMs: deps.config.worker.retryBackoffMs,
      overlapLeaseMs: tuning.overlapLeaseMs,
      now,
      queue,
      chainWaitRecheckMs: deps.config.worker.chainWaitRecheckMs,
    };
    const loops = createFleetLoops({
      db: deps.db,
      queue,
      redis: commands,
      prefix,
      owner: workerId,
      logger: fleetLogger,
      publish: services.publish,
      now,
      reconcileIntervalMs: deps.config.worker.reconcileIntervalMs,
      pruneIntervalMs: tuning.pruneIntervalMs,
      sweepStaleAfterMs: tuning.sweepStaleAfterMs,
      retention: deps.config.worker.retention,
      gaps: deps.config.worker.gaps,
      wasRedisDownAt: redisOutages.wasDownAt,
      ...(deps.observer?.onReconcile ? { onReconcile: deps.observer.onReconcile } : {}),
    });
    // Schedules first: a flushed Redis gets every scheduler back before this worker takes work.
    await loops.reconcileNow().catch((error: unknown) => {
      logger.warn({ err: error }, 'start-up reconcile failed; the next pass retries');
    });
    const worker = createRunsWorker(createRunsProcessor(services), {
      connection: workerConnection,
      prefix,
      name: workerId,
      concurrency: deps.config.worker.concurrency,
      lockDuration: tuning.lockDurationMs,
      stalledInterval: tuning.stalledIntervalMs,
      maxStalledCount: Math.max(1, tuning.maxStalledCount),
    });
    worker.on('error', throttledErrorLog(logger, 'bullmq worker error', 2000));
    // A lock that could not be renewed may already be another worker's: stop the attempt before it writes.
    worker.on('lockRenewalFailed', (queueJobIds) => {
      logger.warn({ queueJobIds }, 'queue job lock lost: stopping its attempt');
      for (const queueJobId of queueJobIds) worker.cancelJob(queueJobId, LOCK_LOST_REASON);
    });
    worker.on('failed', (job, error) => {
      logger.debug({ queueJobId: job?.id, err: error }, 'queue job failed');
    });

    loops.start();
    notifier.start();
    started = { commands, workerConnection, queue, worker, loops, notifier };
    deps.observer?.onResources?.({ redis: commands, queue });
    logger.info({ concurrency: deps.config.worker.concurrency, queue: QUEUE_NAMES.runs }, 'worker started');
  }

  async function drain(current: Started): Promise<void> {
    const timeoutMs = deps.config.worker.shutdownTimeoutMs;
    const closing = current.worker.close();
    let timer: NodeJS.Timeout | undefined;
    const isDrained = await Promise.race([
      closing.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (isDrained) return;
    // Out of time: hand the running attempts back (moveToWait) so another worker continues them at once.
    logger.warn({ timeoutMs }, 'shutdown timeout: handing back running executions');
    current.worker.cancelAllJobs('worker shutting down');
    const isHandedBack = await Promise.race([
      closing.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), 5000);
      }),
    ]);
    clearTimeout(timer);
    // A task that ignores its signal: leave its job to stalled-job recovery.
    if (!isHandedBack) await current.worker.close(true);
  }

  async function stop(): Promise<void> {
    const current = started;
    if (!current) return;
    stopping ??= (async () => {
      logger.info('worker stopping');
      await current.loops.stop();
      await drain(current);
      // After the drain: executions that ended during it have queued their notifications.
      await current.notifier.stop();
      deps.observer?.onResources?.(undefined);
      await current.queue.close();
      await deps.hub.close();
      await Promise.allSettled([current.commands.quit(), current.workerConnection.quit()]);
      started = undefined;
      logger.info('worker stopped');
    })();
    await stopping;
    stopping = undefined;
  }

  return {
    workerId,
    start,
    stop,
    async reconcileNow({ full = true } = {}) {
      if (!started) throw new Error('worker runtime not started');
      return started.loops.reconcileNow({ full });
    },
    async detectGapsNow() {
      return started ? started.loops.detectGapsNow() : null;
    },
  };
}
