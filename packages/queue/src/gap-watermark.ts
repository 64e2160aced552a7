import { leaseKey } from './lease.js';
import type { RedisConnection } from './redis-connection.js';

/*
 * Where the gap detector's last pass stopped, per job (epoch millis). Only a hint that bounds the work of
 * the next pass: the execution rows and their unique key decide what is recorded, so a watermark lost with a
 * flushed Redis only makes one pass look back over the whole window again.
 */
const ADVANCE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1`;

function watermarkKey(prefix: string, jobId: number): string {
  return leaseKey(prefix, `gaps:job-${jobId}`);
}

/** Where the last pass for the job stopped, or null (never checked, expired, or Redis flushed). */
export async function readGapWatermark(
  redis: RedisConnection,
  prefix: string,
  jobId: number,
): Promise<Date | null> {
  const value = await redis.get(watermarkKey(prefix, jobId));
  const millis = value === null ? Number.NaN : Number(value);
  return Number.isFinite(millis) ? new Date(millis) : null;
}

/** Moves the job's watermark forward (never back: two detectors racing keep the later one). */
export async function advanceGapWatermark(
  redis: RedisConnection,
  prefix: string,
  jobId: number,
  checkedUntil: Date,
  ttlMs: number,
): Promise<void> {
  await redis.eval(
    ADVANCE_SCRIPT,
    1,
    watermarkKey(prefix, jobId),
    String(checkedUntil.getTime()),
    String(Math.max(1, Math.ceil(ttlMs))),
  );
}
