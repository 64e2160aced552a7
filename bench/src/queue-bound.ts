/**
 * `pnpm --filter @chronos/bench run queue-bound [sizes]`: where one queue's Redis saturates.
 *
 * One Chronos queue lives in one Redis slot (one hash tag in Cluster), so one Redis core serves all of it.
 * This starts a redis-server of its own (free loopback port, no persistence), installs S schedulers the way
 * Chronos does (`upsertJobSchedule`, Chronos's repeat strategy, one daily cron second for all: a midnight
 * burst), and drains the burst with in-process runs Workers whose processor sends what a tick of Chronos sends
 * to Redis besides BullMQ's own work (the `forbid` overlap lease claim and release, the started and finished
 * events); the database is left out, so Redis is the only shared part. It reads the server's own CPU time and
 * command count around the drain and the scheduler listing the reconciler does, and prints per tick:
 * Redis CPU µs, commands, and the ceiling 1 s / (CPU per tick): ticks per second one Redis core can serve.
 * On a shared machine the Node side is the slower one, so the ceiling comes from Redis's CPU per tick, not
 * from the observed rate.
 */
import { loadavg } from 'node:os';
import {
  claimLease,
  createRedisConnection,
  createRunsQueue,
  createRunsWorker,
  overlapLeaseKey,
  publishExecutionEvent,
  releaseLease,
  upsertJobSchedule,
} from '@chronos/queue';
import { startRedisServer } from '@chronos/queue/testing';
import { sleep } from './wait-for.js';

type RedisCounters = { cpuSeconds: number; commands: number; usedMemory: number };

async function readCounters(redis: ReturnType<typeof createRedisConnection>): Promise<RedisCounters> {
  const info = await redis.info();
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return {
    cpuSeconds: field('used_cpu_sys') + field('used_cpu_user'),
    commands: field('total_commands_processed'),
    usedMemory: field('used_memory'),
  };
}

const PREFIX = '{chronos-bound}';
const WORKERS = 4;
const CONCURRENCY = 50;

async function measure(url: string, size: number): Promise<string> {
  const redis = createRedisConnection(url, 'worker');
  const queue = createRunsQueue({ connection: redis, prefix: PREFIX });
  await redis.flushall();
  const due = new Date(Math.ceil((Date.now() + 15_000 + size * 4) / 1000) * 1000);
  const cron = `${due.getUTCSeconds()} ${due.getUTCMinutes()} ${due.getUTCHours()} * * *`;
  const beforeInstall = await readCounters(redis);
  const installStarted = Date.now();
  for (let first = 1; first <= size; first += 200) {
    const ids = Array.from({ length: Math.min(200, size - first + 1) }, (_, i) => first + i);
    await Promise.all(
      ids.map((jobId) => upsertJobSchedule(queue, { jobId, pattern: cron, tz: 'UTC', version: 1 })),
    );
  }
  const installMs = Date.now() - installStarted;
  const afterInstall = await readCounters(redis);
  if (Date.now() > due.getTime() - 1000) throw new Error(`installing ${size} schedulers overran the lead`);

  // The reconciler's full read of every scheduler, one call.
  const listStarted = Date.now();
  const listed = await queue.getJobSchedulers(0, -1, true);
  const listMs = Date.now() - listStarted;
  const afterList = await readCounters(redis);

  let done = 0;
  const commands = createRedisConnection(url, 'worker');
  const workerConnections = Array.from({ length: WORKERS }, () => createRedisConnection(url, 'worker'));
  const workers = workerConnections.map((connection, n) =>
    createRunsWorker(
      async (job) => {
        const jobId = Number((job.data as { jobId: number }).jobId);
        const key = overlapLeaseKey(PREFIX, jobId);
        const owner = `bound-${n}`;
        await claimLease(commands, key, owner, 30_000);
        const event = {
          type: 'execution.started' as const,
          jobId,
          executionId: jobId,
          status: 'running',
          trigger: 'schedule' as const,
          scheduledFor: due.toISOString(),
          attempt: 1,
          at: new Date().toISOString(),
        };
        await publishExecutionEvent(commands, PREFIX, event);
        await publishExecutionEvent(commands, PREFIX, {
          ...event,
          type: 'execution.finished',
          status: 'succeeded',
        });
        await releaseLease(commands, key, owner);
        done += 1;
      },
      {
        connection,
        prefix: PREFIX,
        concurrency: CONCURRENCY,
        autorun: false,
      },
    ),
  );
  await sleep(Math.max(0, due.getTime() - 2000 - Date.now()));
  const beforeDrain = await readCounters(redis);
  for (const worker of workers) void worker.run();
  const drainStarted = Date.now();
  while (done < size) {
    if (Date.now() - drainStarted > 600_000) throw new Error(`drain stalled at ${done}/${size}`);
    await sleep(50);
  }
  const drainMs = Date.now() - Math.max(drainStarted, due.getTime());
  const afterDrain = await readCounters(redis);
  await Promise.all(workers.map((worker) => worker.close()));
  await queue.close();
  for (const connection of [commands, redis, ...workerConnections]) connection.disconnect();

  const cpuPerTickUs = ((afterDrain.cpuSeconds - beforeDrain.cpuSeconds) / size) * 1e6;
  const commandsPerTick = (afterDrain.commands - beforeDrain.commands) / size;
  const busy = (afterDrain.cpuSeconds - beforeDrain.cpuSeconds) / (drainMs / 1000);
  return [
    `| ${size.toLocaleString('en')} schedulers`,
    `${(((afterInstall.cpuSeconds - beforeInstall.cpuSeconds) / size) * 1e6).toFixed(0)} µs Redis CPU each, ${installMs} ms wall, ${((afterInstall.usedMemory - beforeInstall.usedMemory) / size).toFixed(0)} B each`,
    `${listed.length} in ${listMs} ms, ${((afterList.cpuSeconds - afterInstall.cpuSeconds) * 1000).toFixed(0)} ms Redis CPU`,
    `${(size / (drainMs / 1000)).toFixed(0)} /s (Redis ${(busy * 100).toFixed(0)} % busy)`,
    `${cpuPerTickUs.toFixed(0)} µs, ${commandsPerTick.toFixed(1)} commands`,
    `${Math.floor(1e6 / cpuPerTickUs).toLocaleString('en')} ticks/s |`,
  ].join(' | ');
}

async function main(): Promise<void> {
  const sizes = (process.argv[2] ?? '2000,10000').split(',').map(Number);
  const server = await startRedisServer();
  const load = loadavg().map((value) => value.toFixed(1));
  const rows: string[] = [];
  try {
    for (const size of sizes) {
      process.stderr.write(`queue-bound: ${size} schedulers…\n`);
      rows.push(await measure(server.url, size));
    }
  } finally {
    await server.stop();
  }
  const loadAfter = loadavg().map((value) => value.toFixed(1));
  process.stdout.write(
    [
      `queue-bound — ${new Date().toISOString()} — ${WORKERS} runs Workers × concurrency ${CONCURRENCY}, one process; load average ${load.join(' ')} → ${loadAfter.join(' ')}`,
      '',
      '| burst | install (upsertJobSchedule) | full listing (reconciler) | drain, observed | per tick in Redis | one Redis core serves |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

await main();
