import { leaseKey } from './lease.js';
import type { RedisConnection } from './redis-connection.js';

/*
 * Where the gap detector's passes stopped. Only a hint that bounds the work of the next pass: the execution
 * rows and their unique key decide what is recorded, so a watermark lost with a flushed Redis, or moved back
 * by two detectors racing, only makes a pass look again over ticks already looked at.
 *
 * Two keys, whatever the number of jobs: the instant of the last complete pass (each job was then checked up
 * to that instant minus its misfire grace), and a hash of the exceptions — jobs checked to somewhere else
 * (a pass stopped by the per-job tick limit, a job whose check failed, a job checked on its own after its
 * scheduler was restored). A pass over 100,000 jobs reads two keys and writes a handful, not 200,000.
 */
const ADVANCE_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1`;

function passKey(prefix: string): string {
  return leaseKey(prefix, 'gaps:pass');
}

function exceptionsKey(prefix: string): string {
  return leaseKey(prefix, 'gaps:jobs');
}

export type GapWatermarks = {
  /** The `now` of the last complete pass, or null (never, expired, or Redis flushed). */
  passAt: Date | null;
  /** Jobs checked up to an instant of their own. */
  checkedUntilByJob: Map<number, Date>;
};

export async function readGapWatermarks(redis: RedisConnection, prefix: string): Promise<GapWatermarks> {
  const [pass, exceptions] = await Promise.all([
    redis.get(passKey(prefix)),
    redis.hgetall(exceptionsKey(prefix)),
  ]);
  const checkedUntilByJob = new Map<number, Date>();
  for (const [jobId, millis] of Object.entries(exceptions)) {
    if (Number.isFinite(Number(millis))) checkedUntilByJob.set(Number(jobId), new Date(Number(millis)));
  }
  const passMillis = pass === null ? Number.NaN : Number(pass);
  return { passAt: Number.isFinite(passMillis) ? new Date(passMillis) : null, checkedUntilByJob };
}

/** Records a complete pass made at `passAt` (never moves back: two detectors racing keep the later one). */
export async function advanceGapPass(
  redis: RedisConnection,
  prefix: string,
  passAt: Date,
  ttlMs: number,
): Promise<void> {
  await redis.eval(
    ADVANCE_SCRIPT,
    1,
    passKey(prefix),
    String(passAt.getTime()),
    String(Math.max(1, Math.ceil(ttlMs))),
  );
}

/** Fields per HSET/HDEL: a rebuild restores 100,000 jobs, and one call with them all overflows the stack. */
const FIELDS_PER_COMMAND = 1000;

/** Sets (a date) or clears (null: the job follows the pass again) jobs' own watermarks, in one pipeline. */
export async function writeGapExceptions(
  redis: RedisConnection,
  prefix: string,
  changes: Map<number, Date | null>,
  ttlMs: number,
): Promise<void> {
  const set: string[] = [];
  const cleared: string[] = [];
  for (const [jobId, until] of changes) {
    if (until) set.push(String(jobId), String(until.getTime()));
    else cleared.push(String(jobId));
  }
  if (set.length === 0 && cleared.length === 0) return;
  const key = exceptionsKey(prefix);
  const pipeline = redis.pipeline();
  for (let start = 0; start < cleared.length; start += FIELDS_PER_COMMAND)
    pipeline.hdel(key, ...cleared.slice(start, start + FIELDS_PER_COMMAND));
  for (let start = 0; start < set.length; start += 2 * FIELDS_PER_COMMAND)
    pipeline.hset(key, ...set.slice(start, start + 2 * FIELDS_PER_COMMAND));
  if (set.length > 0) pipeline.pexpire(key, Math.max(1, Math.ceil(ttlMs)));
  const results = (await pipeline.exec()) ?? [];
  const failure = results.find(([error]) => error)?.[0];
  if (failure) throw failure;
}
