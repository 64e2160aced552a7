import type { RedisConnection } from './redis-connection.js';

/**
 * A short Redis lease: `SET key owner PX ttl` when the key is free **or already ours** (re-entrant, so the
 * holder extends it with the same call), and a compare-and-delete release. Used for the worker's fleet-wide
 * loops (one pass per interval across all workers) and the `forbid` overlap guard.
 */
const CLAIM_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return current`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** The key of a worker-side lease, under the queue prefix so a test's prefix cleanup removes it. */
export function leaseKey(prefix: string, name: string): string {
  return `${prefix}:chronos-worker:${name}`;
}

/** The lease a `forbid` job's running execution holds, so no other execution of that job starts. */
export function overlapLeaseKey(prefix: string, jobId: number): string {
  return leaseKey(prefix, `overlap:job-${jobId}`);
}

/**
 * Claims (or extends) the lease for `owner`. Returns the holder after the call: `owner` when claimed, else
 * whoever holds it.
 */
export async function claimLease(
  redis: RedisConnection,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<string> {
  const ttl = Math.max(1, Math.ceil(ttlMs));
  return String(await redis.eval(CLAIM_SCRIPT, 1, key, owner, String(ttl)));
}

/** Releases the lease if `owner` still holds it; true when it did. */
export async function releaseLease(redis: RedisConnection, key: string, owner: string): Promise<boolean> {
  return Number(await redis.eval(RELEASE_SCRIPT, 1, key, owner)) === 1;
}

/**
 * The lock around a read-modify-write of CoreHub's webhook list (`GET`, then `PUT` of the whole list): held
 * by one Chronos process at a time, so two processes never overwrite each other's entries.
 */
export function webhookRegistryLeaseKey(prefix: string): string {
  return `${prefix}:chronos-api:corehub-webhooks`;
}
