import { leaseKey } from './lease.js';
import type { RedisConnection } from './redis-connection.js';
import type { RunsQueue } from './runs-queue.js';

/*
 * What the last full reconcile pass left behind: the database's schedule fingerprint and the number of
 * schedulers in Redis. While both still read the same, Redis is in line with the database and a pass has
 * nothing to do. The key expires after the full-pass cadence, and a flushed or restored Redis loses it, so
 * either forces the next full pass.
 */

function reconcileMarkerKey(prefix: string): string {
  return leaseKey(prefix, 'reconcile:in-line');
}

/** The marker as the reconciler writes it: the database fingerprint and the scheduler count. */
export function formatReconcileMarker(databaseFingerprint: string, schedulerCount: number): string {
  return `${databaseFingerprint}|${schedulerCount}`;
}

export async function readReconcileMarker(redis: RedisConnection, prefix: string): Promise<string | null> {
  return redis.get(reconcileMarkerKey(prefix));
}

export async function writeReconcileMarker(
  redis: RedisConnection,
  prefix: string,
  marker: string,
  ttlMs: number,
): Promise<void> {
  await redis.set(reconcileMarkerKey(prefix), marker, 'PX', Math.max(1, Math.ceil(ttlMs)));
}

/** How many job schedulers the runs queue holds (ours and foreign ones): one ZCARD. */
export function countJobSchedules(queue: RunsQueue): Promise<number> {
  return queue.getJobSchedulersCount();
}
