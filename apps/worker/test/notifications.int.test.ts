import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Job, NotificationEvent } from '@chronos/jobs';
import {
  createNotificationsQueue,
  enqueueNotificationDelivery,
  enqueueNotificationPlan,
} from '@chronos/queue';
import { describe, expect } from 'vitest';
import { test } from './helpers/fixtures.js';
import type { Harness } from './helpers/harness.js';
import { PIPELINE } from './helpers/harness.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';
import { waitFor, waitUntil } from './helpers/wait-for.js';
import { refusingPort, startWebhookReceiver } from './helpers/webhook-receiver.js';

const SECRET = 'whsec_test_0123456789abcdef';
/** Short backoff so retries happen within the test: 100 ms, then 200 ms. */
const NOTIFY_ENV = { NOTIFY_MAX_ATTEMPTS: '3', NOTIFY_BACKOFF_MS: '100', NOTIFY_TIMEOUT_MS: '2000' };

/** The receiver's side of the contract: recompute the HMAC over "<t>.<body>" and compare in constant time. */
function verifySignature(header: string | undefined, body: string, secret: string): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2)));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function failingJob(harness: Harness, url: string, events: NotificationEvent[] = ['failed']) {
  const job = await harness.createJob({
    taskType: 'pipeline_stop',
    pipelineId: 'no-such-pipeline',
    maxAttempts: 1,
  });
  const [notification] = await harness.db.notifications.replaceForJob(job.id, [
    { url, events, secret: SECRET },
  ]);
  return { job, notification: notification! };
}

async function deliveriesOf(harness: Harness, job: Job, count: number) {
  return waitFor(
    async () => {
      const page = await harness.db.notifications.listDeliveries({ jobId: job.id });
      // The items, not the total: the page's count and its rows are two reads that a new attempt can fall between.
      return page.items.length >= count ? page.items.toReversed() : null;
    },
    {
      what: `${count} delivery attempts`,
      explain: () => harness.db.notifications.listDeliveries({ jobId: job.id }),
    },
  );
}

describe('failure notifications', () => {
  test('a failed execution is delivered once, signed with the secret over timestamp.body', async ({
    harness,
  }) => {
    const receiver = await startWebhookReceiver();
    try {
      await harness.startRuntime({ env: NOTIFY_ENV });
      const { job, notification } = await failingJob(harness, receiver.url);
      const final = await harness.waitForFinal((await harness.runNow(job)).id);
      expect(final.status).toBe('failed');

      const [delivery] = await deliveriesOf(harness, job, 1);
      expect(delivery).toMatchObject({
        notificationId: notification.id,
        executionId: final.id,
        event: 'failed',
        attempt: 1,
        outcome: 'delivered',
        statusCode: 204,
        error: null,
      });
      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      expect(verifySignature(request!.headers['chronos-signature'] as string, request!.body, SECRET)).toBe(
        true,
      );
      expect(
        verifySignature(request!.headers['chronos-signature'] as string, request!.body, 'another secret'),
      ).toBe(false);
      expect(JSON.parse(request!.body)).toMatchObject({
        id: `deliver-${notification.id}-${final.id}-failed`,
        type: 'execution.failed',
        event: 'failed',
        job: { id: job.id, name: job.name, task_type: 'pipeline_stop' },
        execution: { id: final.id, status: 'failed', error: final.error, attempt: 1 },
      });
    } finally {
      await receiver.close();
    }
  });

  test('a receiver that answers 500 twice then 200: three attempts recorded, one delivered', async ({
    harness,
  }) => {
    const receiver = await startWebhookReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      await harness.startRuntime({ env: NOTIFY_ENV });
      const { job } = await failingJob(harness, receiver.url);
      await harness.waitForFinal((await harness.runNow(job)).id);

      const attempts = await deliveriesOf(harness, job, 3);
      expect(attempts.map((a) => [a.attempt, a.outcome, a.statusCode, a.error])).toEqual([
        [1, 'failed', 500, 'HTTP 500'],
        [2, 'failed', 500, 'HTTP 500'],
        [3, 'delivered', 200, null],
      ]);
      // The same event each time (receivers deduplicate on its id), each attempt signed anew.
      expect(new Set(receiver.received.map((r) => JSON.parse(r.body).id)).size).toBe(1);
      for (const r of receiver.received) {
        expect(verifySignature(r.headers['chronos-signature'] as string, r.body, SECRET)).toBe(true);
      }
    } finally {
      await receiver.close();
    }
  });

  test('a receiver that is down: executions end on their own, the attempts are recorded failed after the retries', async ({
    harness,
  }) => {
    const port = await refusingPort();
    await harness.startRuntime({ env: NOTIFY_ENV });
    const { job } = await failingJob(harness, `http://127.0.0.1:${port}/hook`);
    const first = await harness.waitForFinal((await harness.runNow(job)).id);
    expect(first).toMatchObject({ status: 'failed', attempt: 1 });
    expect(first.finishedAt).not.toBeNull();
    // The job goes on running while its notifications are retried.
    const second = await harness.waitForFinal((await harness.runNow(job)).id);
    expect(second.status).toBe('failed');

    const attempts = await deliveriesOf(harness, job, 6);
    for (const executionId of [first.id, second.id]) {
      const mine = attempts.filter((a) => a.executionId === executionId);
      expect(mine.map((a) => [a.attempt, a.outcome, a.statusCode])).toEqual([
        [1, 'failed', null],
        [2, 'failed', null],
        [3, 'failed', null],
      ]);
      expect(mine.every((a) => a.error === 'ECONNREFUSED')).toBe(true);
    }
  });

  test('the first success after a failure is a recovery; the next success is not', async ({ harness }) => {
    const receiver = await startWebhookReceiver();
    try {
      await harness.startRuntime({ env: NOTIFY_ENV });
      const { job } = await failingJob(harness, receiver.url, ['failed', 'recovered']);
      const failed = await harness.waitForFinal((await harness.runNow(job)).id);
      await deliveriesOf(harness, job, 1);
      const fixed = await harness.db.jobs.update(job.id, { pipelineId: PIPELINE });
      const recovered = await harness.waitForFinal((await harness.runNow(fixed)).id);
      expect(recovered.status).toBe('succeeded');
      await deliveriesOf(harness, job, 2);
      const again = await harness.waitForFinal((await harness.runNow(fixed)).id);
      expect(again.status).toBe('succeeded');
      // A failure after it: its delivery comes after anything the second success could have raised.
      const broken = await harness.db.jobs.update(job.id, { pipelineId: 'no-such-pipeline' });
      const failedAgain = await harness.waitForFinal((await harness.runNow(broken)).id);
      await deliveriesOf(harness, job, 3);

      const events = receiver.received.map(
        (r) => JSON.parse(r.body) as { event: string; execution: { id: number } },
      );
      expect(events.map((e) => [e.event, e.execution.id])).toEqual([
        ['failed', failed.id],
        ['recovered', recovered.id],
        ['failed', failedAgain.id],
      ]);
    } finally {
      await receiver.close();
    }
  });

  test('an `allow` job: a success is judged by the finish order in the database', async ({ harness }) => {
    const receiver = await startWebhookReceiver();
    try {
      await harness.startRuntime({ env: NOTIFY_ENV });
      const { job } = await failingJob(harness, receiver.url, ['recovered']);
      await harness.db.jobs.update(job.id, { concurrencyPolicy: 'allow' });
      const failed = await harness.waitForFinal((await harness.runNow(await harness.db.jobs.get(job.id))).id);
      expect(failed.status).toBe('failed');
      const fixed = await harness.db.jobs.update(job.id, { pipelineId: PIPELINE });
      const recovered = await harness.waitForFinal((await harness.runNow(fixed)).id);
      const [delivery] = await deliveriesOf(harness, job, 1);
      expect(delivery).toMatchObject({ event: 'recovered', executionId: recovered.id, outcome: 'delivered' });
    } finally {
      await receiver.close();
    }
  });

  test('exactly one delivery per execution when its end is announced again, also after the queue forgot it', async ({
    harness,
  }) => {
    const receiver = await startWebhookReceiver();
    const queue = createNotificationsQueue({ connection: harness.redis, prefix: harness.prefix });
    try {
      await harness.startRuntime({ env: NOTIFY_ENV });
      const { job } = await failingJob(harness, receiver.url);
      const final = await harness.waitForFinal((await harness.runNow(job)).id);
      await deliveriesOf(harness, job, 1);

      // A redelivered end: the same plan again, twice at once, while the first is still kept by BullMQ…
      await Promise.all([
        enqueueNotificationPlan(queue, { jobId: job.id, executionId: final.id }),
        enqueueNotificationPlan(queue, { jobId: job.id, executionId: final.id }),
      ]);
      // …and once more after Redis lost every completed job (a flush, or one older than a day).
      await queue.clean(0, 10_000, 'completed');
      await enqueueNotificationPlan(queue, { jobId: job.id, executionId: final.id });
      await waitFor(
        async () =>
          (await queue.getJobState(
            `deliver-${(await harness.db.notifications.listForJob(job.id))[0]!.id}-${final.id}-failed`,
          )) === 'completed',
        {
          what: 'the re-planned delivery to complete',
        },
      );

      expect(receiver.received).toHaveLength(1);
      expect((await harness.db.notifications.listDeliveries({ jobId: job.id })).total).toBe(1);
    } finally {
      await queue.close();
      await receiver.close();
    }
  });

  test('a tick recorded missed (picked up after its grace by a worker that was down) notifies `missed`', async ({
    harness,
  }) => {
    const receiver = await startWebhookReceiver();
    try {
      const { job, due } = await harness.scheduleOneOffTick({
        taskType: 'pipeline_stop',
        misfireGraceSeconds: 1,
      });
      await harness.db.notifications.replaceForJob(job.id, [
        { url: receiver.url, events: ['missed'], secret: SECRET },
      ]);
      await waitUntil(due + 2 * 1000 + 200);
      await harness.startRuntime({ env: NOTIFY_ENV });

      const [delivery] = await deliveriesOf(harness, job, 1);
      expect(delivery).toMatchObject({ event: 'missed', outcome: 'delivered' });
      const execution = await harness.db.executions.get(delivery!.executionId);
      expect(execution.status).toBe('missed');
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'execution.missed' });
    } finally {
      await receiver.close();
    }
  });

  test('a delivery that finds the database away waits for it without using up its attempts', async ({
    harness,
  }) => {
    const receiver = await startWebhookReceiver();
    const dbUrl = new URL(harness.dbUrl);
    const proxy = await startTcpProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
    dbUrl.host = `127.0.0.1:${proxy.port}`;
    const queue = createNotificationsQueue({ connection: harness.redis, prefix: harness.prefix });
    try {
      const worker = harness.spawn('worker', { ...NOTIFY_ENV, DB_URL: dbUrl.toString() });
      await worker.waitForLog('worker started');
      const { job, notification } = await failingJob(harness, receiver.url);
      const { execution } = await harness.db.executions.createIfAbsent({
        jobId: job.id,
        trigger: 'manual',
        scheduledFor: new Date(),
        status: 'failed',
        finishedAt: new Date(),
        error: 'boom',
      });

      proxy.setDown(true);
      await enqueueNotificationDelivery(
        queue,
        { jobId: job.id, executionId: execution.id, notificationId: notification.id, event: 'failed' },
        { attempts: 2, backoffMs: 100 },
      );
      // More waits than the delivery has attempts.
      await waitFor(
        () =>
          worker.logs.filter((line) => line.msg === 'database unavailable: delivery postponed').length >= 3,
        { what: 'the delivery to wait for the database three times', timeoutMs: 30_000 },
      );
      expect(receiver.received).toHaveLength(0);
      proxy.setDown(false);

      const [delivery] = await deliveriesOf(harness, job, 1);
      expect(delivery).toMatchObject({ attempt: 1, outcome: 'delivered', executionId: execution.id });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await harness.close();
      await queue.close();
      await proxy.close();
      await receiver.close();
    }
  });
});
