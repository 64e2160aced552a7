/**
 * Baseline child: a plain BullMQ Worker whose processor does nothing (or only waits BENCH_JOB_WAIT_MS, the
 * stand-in for a slow CoreHub call). What BullMQ and Redis can do on this machine with no Chronos code in the
 * path. Environment: REDIS_URL, BENCH_PREFIX, BENCH_QUEUE, BENCH_CONCURRENCY, BENCH_JOB_WAIT_MS, BENCH_NAME.
 * Stops on SIGTERM. Plain JavaScript: the footprint scenario runs it under tsx and under plain node alike.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  maxRetriesPerRequest: null,
});
const jobWaitMs = Number(process.env.BENCH_JOB_WAIT_MS ?? 0);
const processor = jobWaitMs > 0 ? () => wait(jobWaitMs) : async () => undefined;
const worker = new Worker(process.env.BENCH_QUEUE ?? 'bench-noop', processor, {
  connection,
  prefix: process.env.BENCH_PREFIX ?? 'bench-raw',
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 10),
  name: process.env.BENCH_NAME ?? `noop-${process.pid}`,
});
worker.on('error', (error) => process.stderr.write(`noop worker: ${error.message}\n`));

process.once('SIGTERM', () => {
  void worker
    .close()
    .then(() => connection.quit())
    .finally(() => process.exit(0));
});
