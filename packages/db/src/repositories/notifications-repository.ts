import {
  type DeliveryOutcome,
  type ExecutionStatus,
  type JobNotification,
  NOTIFIABLE_OUTCOMES,
  type NotificationDelivery,
  type NotificationEvent,
} from '@chronos/jobs';
import { withDbErrors } from '../db-errors.js';
import type {
  NotificationDelivery as DeliveryRow,
  JobNotification as NotificationRow,
} from '../generated/postgresql/client.js';
import type { PrismaDb } from '../prisma-client.js';
import type { Page, PageOptions } from '../types.js';
import { toPaging, toStringList } from './mappers.js';

/** One notification of a job as a write gives it: `id` keeps an existing one (and its secret). */
export type NotificationInput = {
  id?: number;
  url: string;
  events: NotificationEvent[];
  /** Required for a new notification; absent on an existing one keeps its secret. */
  secret?: string;
};

export type RecordDeliveryInput = Omit<NotificationDelivery, 'id'>;

export type ListDeliveriesOptions = PageOptions & {
  jobId: number;
  executionId?: number;
  notificationId?: number;
};

/** A job's outbound webhooks and the record of every delivery attempt. */
export type NotificationsRepository = {
  /** The job's notifications, oldest first. */
  listForJob(jobId: number): Promise<JobNotification[]>;
  /** The notifications of each of `jobIds` (a page of jobs in one query), oldest first; absent = none. */
  listForJobs(jobIds: number[]): Promise<Map<number, JobNotification[]>>;
  /**
   * Makes the job's notifications exactly `items`, in one transaction: an item with the `id` of one of the
   * job's notifications updates it, one without is created, the job's others are deleted (their deliveries
   * stay, with a null notification). An `id` the job does not have is ignored (the api rejects it first).
   */
  replaceForJob(jobId: number, items: NotificationInput[]): Promise<JobNotification[]>;
  /**
   * The latest outcome that counts for recovery (succeeded, failed, timed_out, missed) of the job's
   * executions that finished before `execution` (ties broken by id); null when there is none.
   */
  previousOutcome(
    jobId: number,
    execution: { id: number; finishedAt: Date },
  ): Promise<ExecutionStatus | null>;
  recordDelivery(input: RecordDeliveryInput): Promise<NotificationDelivery>;
  /** True when an attempt already delivered this (notification, execution, event). */
  isDelivered(notificationId: number, executionId: number, event: NotificationEvent): Promise<boolean>;
  /** Every attempt of the job, newest first. */
  listDeliveries(options: ListDeliveriesOptions): Promise<Page<NotificationDelivery>>;
  /** Deletes attempts made before `olderThan`; returns how many. */
  pruneDeliveries(olderThan: Date): Promise<number>;
};

function toNotification(row: NotificationRow): JobNotification {
  return {
    id: row.id,
    jobId: row.jobId,
    url: row.url,
    events: toStringList(row.events) as NotificationEvent[],
    secret: row.secret,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toDelivery(row: DeliveryRow): NotificationDelivery {
  return {
    id: row.id,
    notificationId: row.notificationId,
    jobId: row.jobId,
    executionId: row.executionId,
    event: row.event as NotificationEvent,
    url: row.url,
    attempt: row.attempt,
    outcome: row.outcome as DeliveryOutcome,
    statusCode: row.statusCode,
    error: row.error,
    durationMs: row.durationMs,
    attemptedAt: row.attemptedAt,
  };
}

const OLDEST_FIRST = [{ id: 'asc' as const }];

export function createNotificationsRepository(prisma: PrismaDb): NotificationsRepository {
  return {
    async listForJob(jobId) {
      const rows = await withDbErrors(() =>
        prisma.jobNotification.findMany({ where: { jobId }, orderBy: OLDEST_FIRST }),
      );
      return rows.map(toNotification);
    },
    async listForJobs(jobIds) {
      const byJob = new Map<number, JobNotification[]>();
      if (jobIds.length === 0) return byJob;
      const rows = await withDbErrors(() =>
        prisma.jobNotification.findMany({ where: { jobId: { in: jobIds } }, orderBy: OLDEST_FIRST }),
      );
      for (const row of rows) {
        const list = byJob.get(row.jobId) ?? [];
        list.push(toNotification(row));
        byJob.set(row.jobId, list);
      }
      return byJob;
    },
    async replaceForJob(jobId, items) {
      const rows = await withDbErrors(() =>
        prisma.$transaction(async (tx) => {
          const kept = items.flatMap((item) => (item.id === undefined ? [] : [item.id]));
          await tx.jobNotification.deleteMany({ where: { jobId, id: { notIn: kept } } });
          for (const item of items) {
            const fields = {
              url: item.url,
              events: item.events,
              ...(item.secret === undefined ? {} : { secret: item.secret }),
            };
            if (item.id === undefined) {
              await tx.jobNotification.create({ data: { jobId, ...fields, secret: item.secret ?? '' } });
            } else {
              await tx.jobNotification.updateMany({ where: { id: item.id, jobId }, data: fields });
            }
          }
          return tx.jobNotification.findMany({ where: { jobId }, orderBy: OLDEST_FIRST });
        }),
      );
      return rows.map(toNotification);
    },
    async previousOutcome(jobId, execution) {
      const row = await withDbErrors(() =>
        prisma.execution.findFirst({
          where: {
            jobId,
            id: { not: execution.id },
            status: { in: [...NOTIFIABLE_OUTCOMES] },
            OR: [
              { finishedAt: { lt: execution.finishedAt } },
              { finishedAt: execution.finishedAt, id: { lt: execution.id } },
            ],
          },
          orderBy: [{ finishedAt: 'desc' }, { id: 'desc' }],
          select: { status: true },
        }),
      );
      return (row?.status as ExecutionStatus | undefined) ?? null;
    },
    async recordDelivery(input) {
      const row = await withDbErrors(() => prisma.notificationDelivery.create({ data: input }));
      return toDelivery(row);
    },
    async isDelivered(notificationId, executionId, event) {
      const row = await withDbErrors(() =>
        prisma.notificationDelivery.findFirst({
          where: { notificationId, executionId, event, outcome: 'delivered' },
          select: { id: true },
        }),
      );
      return row !== null;
    },
    async listDeliveries(options) {
      const where = {
        jobId: options.jobId,
        ...(options.executionId === undefined ? {} : { executionId: options.executionId }),
        ...(options.notificationId === undefined ? {} : { notificationId: options.notificationId }),
      };
      const [rows, total] = await withDbErrors(() =>
        Promise.all([
          prisma.notificationDelivery.findMany({
            where,
            orderBy: [{ attemptedAt: 'desc' }, { id: 'desc' }],
            ...toPaging(options),
          }),
          prisma.notificationDelivery.count({ where }),
        ]),
      );
      return { items: rows.map(toDelivery), total };
    },
    async pruneDeliveries(olderThan) {
      const { count } = await withDbErrors(() =>
        prisma.notificationDelivery.deleteMany({ where: { attemptedAt: { lt: olderThan } } }),
      );
      return count;
    },
  };
}
