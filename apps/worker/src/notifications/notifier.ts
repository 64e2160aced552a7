import type { ChronosConfig } from '@chronos/config';
import type { Db } from '@chronos/db';
import { isAppError } from '@chronos/errors';
import {
  type Execution,
  isFinalStatus,
  type Job,
  type JobNotification,
  mayNotify,
  type NotificationEvent,
  notificationEventOf,
} from '@chronos/jobs';
import type { Logger } from '@chronos/logger';
import {
  createNotificationsQueue,
  createNotificationsWorker,
  createRedisConnection,
  type ExecutionEventType,
  enqueueNotificationDelivery,
  enqueueNotificationPlan,
  JOB_NAMES,
  type NotificationDeliveryPayload,
  NotificationDeliveryPayloadSchema,
  NotificationPlanPayloadSchema,
  notificationDeliveryQueueJobId,
  type RedisConnection,
} from '@chronos/queue';
import { DelayedError, type Job as QueueJob, UnrecoverableError, type Worker } from 'bullmq';
import { notificationBody } from './notification-body.js';
import { SIGNATURE_HEADER, signatureOf } from './signature.js';

/** `chronos_notification_deliveries_total` outcomes: a 2xx, a failure BullMQ retries, the last one failed. */
export type DeliveryMetricOutcome = 'delivered' | 'retrying' | 'gave_up';

export type NotifierSettings = ChronosConfig['worker']['notifications'];

export type NotifierDeps = {
  db: Db;
  redis: Pick<ChronosConfig, 'redis'>['redis'];
  /** The runtime's commands connection (the queue's); the notifier opens its own blocking one. */
  commands: RedisConnection;
  prefix: string;
  settings: NotifierSettings;
  logger: Logger;
  now: () => Date;
  onDelivery?: (event: NotificationEvent, outcome: DeliveryMetricOutcome) => void;
};

export type Notifier = {
  /**
   * The hook on the execution event publisher: an execution that reached a status that may notify gets its
   * plan queued. Synchronous and fire-and-forget: nothing here waits for Redis or can fail the execution.
   */
  observe(type: ExecutionEventType, execution: Execution, job: PublishedJob): void;
  start(): void;
  stop(): Promise<void>;
};

/** The job the publisher passes: every worker path passes the whole job as the execution read it. */
type PublishedJob = Pick<Job, 'taskType'> & Partial<Pick<Job, 'lastStatus' | 'concurrencyPolicy'>>;

const ALARMS: ReadonlySet<string> = new Set(['failed', 'timed_out', 'missed']);

/**
 * Whether an execution's end needs a plan. An alarm always does. A success can only be a recovery when the
 * job's latest outcome before it was an alarm: `lastStatus` of the job as the execution read it is exactly
 * that (it records succeeded, failed, timed_out and missed outcomes, nothing else), as long as no other
 * execution of the job ended meanwhile — which `forbid` rules out, so an `allow` job's success is always
 * planned (the plan then reads the order from the database). This spares the queue a plan per success of
 * the jobs that were fine: most executions.
 */
function needsPlan(execution: Execution, job: PublishedJob): boolean {
  if (!mayNotify(execution.status)) return false;
  if (execution.status !== 'succeeded') return true;
  if (job.lastStatus === undefined || job.concurrencyPolicy !== 'forbid') return true;
  return job.lastStatus !== null && ALARMS.has(job.lastStatus);
}

const USER_AGENT = 'Chronos-Notifier/1';
/** Stored error text is one line of this length at most (a receiver's page is not our record). */
const ERROR_LIMIT = 500;

class DeliveryFailedError extends Error {}

function isDatabaseUnavailable(error: unknown): boolean {
  return isAppError(error) && error.code === 'DATABASE_UNAVAILABLE';
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'no answer within NOTIFY_TIMEOUT_MS';
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const text = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return text.replace(/\s+/g, ' ').slice(0, ERROR_LIMIT);
}

/**
 * Failure notifications: a plan per finished execution (which of the job's webhooks its event calls) and a
 * delivery per (notification, execution, event), both on their own BullMQ queue, so a slow or dead receiver
 * never holds a runs-queue slot or delays a tick. Every attempt is recorded; BullMQ retries with backoff.
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const logger = deps.logger.child({ component: 'notifications' });
  const queue = createNotificationsQueue({ connection: deps.commands, prefix: deps.prefix });
  queue.on('error', (error) => logger.debug({ err: error }, 'notifications queue error'));
  let worker: Worker | undefined;
  let workerConnection: RedisConnection | undefined;

  async function plan(data: unknown): Promise<void> {
    const payload = NotificationPlanPayloadSchema.parse(data);
    const execution = await deps.db.executions.find(payload.executionId);
    if (!execution?.finishedAt || !isFinalStatus(execution.status) || !mayNotify(execution.status)) return;
    const notifications = await deps.db.notifications.listForJob(execution.jobId);
    if (notifications.length === 0) return;
    const previous =
      execution.status === 'succeeded'
        ? await deps.db.notifications.previousOutcome(execution.jobId, {
            id: execution.id,
            finishedAt: execution.finishedAt,
          })
        : null;
    const event = notificationEventOf(execution.status, previous);
    if (!event) return;
    for (const notification of notifications) {
      if (!notification.events.includes(event)) continue;
      await enqueueNotificationDelivery(
        queue,
        { jobId: execution.jobId, executionId: execution.id, notificationId: notification.id, event },
        { attempts: deps.settings.maxAttempts, backoffMs: deps.settings.backoffMs },
      );
    }
  }

  async function post(notification: JobNotification, body: string) {
    const timestamp = Math.floor(deps.now().getTime() / 1000);
    const started = performance.now();
    try {
      const response = await fetch(notification.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [SIGNATURE_HEADER]: signatureOf(notification.secret, timestamp, body),
        },
        body,
        // A redirect is an answer to fix at the receiver, not one to follow with a signed body.
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.settings.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return {
        statusCode: response.status,
        error: ok ? null : `HTTP ${response.status}`,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      return {
        statusCode: null,
        error: describeFetchError(error),
        durationMs: Math.round(performance.now() - started),
      };
    }
  }

  /** What one delivery sends, or null when there is nothing (left) to send. */
  async function readDelivery(payload: NotificationDeliveryPayload) {
    const { notificationId, executionId, event } = payload;
    const [notification, execution, job] = await Promise.all([
      deps.db.notifications.listForJob(payload.jobId).then((all) => all.find((n) => n.id === notificationId)),
      deps.db.executions.find(executionId),
      deps.db.jobs.find(payload.jobId),
    ]);
    // Removed since (the notification, the job or the execution by retention): nothing left to tell.
    if (!notification || !execution || !job || !notification.events.includes(event)) return null;
    // A second delivery of a queue job that was kept past its completion, or re-added after removal.
    if (await deps.db.notifications.isDelivered(notificationId, executionId, event)) return null;
    return { notification, execution, job };
  }

  async function deliver(queueJob: QueueJob, token: string | undefined): Promise<void> {
    const payload: NotificationDeliveryPayload = NotificationDeliveryPayloadSchema.parse(queueJob.data);
    const { notificationId, executionId, event } = payload;
    let target: Awaited<ReturnType<typeof readDelivery>>;
    try {
      target = await readDelivery(payload);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // Not an attempt (the receiver was not called): an outage longer than the backoff schedule must not use
      // the attempts up. It waits one first backoff and asks again.
      logger.info({ executionId, notificationId, event }, 'database unavailable: delivery postponed');
      await queueJob.moveToDelayed(Date.now() + deps.settings.backoffMs, token);
      throw new DelayedError();
    }
    if (!target) return;
    const { notification, execution, job } = target;

    const attempt = queueJob.attemptsMade + 1;
    const attemptedAt = deps.now();
    const deliveryId = notificationDeliveryQueueJobId(notificationId, executionId, event);
    const result = await post(notification, notificationBody(deliveryId, event, job, execution));
    const delivered = result.error === null;
    await deps.db.notifications.recordDelivery({
      notificationId,
      jobId: job.id,
      executionId,
      event,
      url: notification.url,
      attempt,
      outcome: delivered ? 'delivered' : 'failed',
      statusCode: result.statusCode,
      error: result.error,
      durationMs: result.durationMs,
      attemptedAt,
    });
    const isLast = attempt >= (queueJob.opts.attempts ?? 1);
    deps.onDelivery?.(event, delivered ? 'delivered' : isLast ? 'gave_up' : 'retrying');
    const fields = { jobId: job.id, executionId, notificationId, event, attempt, error: result.error };
    if (delivered) {
      logger.debug(fields, 'notification delivered');
      return;
    }
    if (isLast) logger.warn(fields, 'notification not delivered; no attempts left');
    else logger.info(fields, 'notification attempt failed; retrying with backoff');
    throw new DeliveryFailedError(result.error ?? 'delivery failed');
  }

  async function process(queueJob: QueueJob, token?: string): Promise<void> {
    if (queueJob.name === JOB_NAMES.notificationPlan) return plan(queueJob.data);
    if (queueJob.name === JOB_NAMES.notificationDeliver) return deliver(queueJob, token);
    throw new UnrecoverableError(`unknown notifications job ${queueJob.name}`);
  }

  return {
    observe(type, execution, job) {
      if (type !== 'execution.finished' || !needsPlan(execution, job)) return;
      enqueueNotificationPlan(queue, { jobId: execution.jobId, executionId: execution.id }).catch(
        (error: unknown) => {
          logger.warn({ err: error, executionId: execution.id }, 'notification plan not queued');
        },
      );
    },
    start() {
      if (worker) return;
      workerConnection = createRedisConnection(deps.redis, 'worker');
      workerConnection.on('error', (error) =>
        logger.debug({ err: error }, 'redis connection error (notifications)'),
      );
      worker = createNotificationsWorker(process, {
        connection: workerConnection,
        prefix: deps.prefix,
        concurrency: deps.settings.concurrency,
      });
      worker.on('error', (error) => logger.debug({ err: error }, 'notifications worker error'));
    },
    async stop() {
      // An attempt cut short here is handed back by BullMQ's stalled check and made again: at most one
      // extra request, which the receiver recognises by the delivery id.
      await worker?.close();
      await queue.close();
      await workerConnection?.quit().catch(() => undefined);
      worker = undefined;
      workerConnection = undefined;
    },
  };
}
