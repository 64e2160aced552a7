import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import type { RedisTarget } from './redis-connection.js';

/*
 * Throw-away Redis topologies for tests (DESIGN §8): redis-server processes on free loopback ports, in a
 * temporary directory, without persistence, started here and stopped by PID. Never the machine's Redis.
 */

const run = promisify(execFile);

export type RedisServer = {
  readonly port: number;
  readonly pid: number;
  kill(signal?: NodeJS.Signals): void;
};

export type RedisTopology = {
  /** The variables that point a Chronos process at it (REDIS_URL, REDIS_SENTINELS…, QUEUE_PREFIX's need). */
  readonly env: Record<string, string>;
  /** The same as a connection target, for code under test that takes one directly. */
  readonly target: RedisTarget;
  /** True when the queue prefix must carry a hash tag (Cluster). */
  readonly needsHashTag: boolean;
  readonly servers: readonly RedisServer[];
  stop(): Promise<void>;
};

/** Every child still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free loopback port whose cluster bus port (port + 10000) is free too. */
async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries += 1) {
    const port = 20_000 + Math.floor(Math.random() * 35_000);
    if ((await canListen(port)) && (await canListen(port + 10_000))) return port;
  }
  throw new Error('no free loopback port for a test redis-server');
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One command to the server on `port`, on a connection of its own that never retries. */
async function command(port: number, ...args: string[]): Promise<unknown> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.call(args[0] as string, ...args.slice(1));
  } finally {
    redis.disconnect();
  }
}

function startServer(dir: string, args: string[], port: number): RedisServer {
  const child = spawn('redis-server', args, { cwd: dir, stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('could not start redis-server (is it installed?)');
  running.add(child);
  child.once('exit', () => running.delete(child));
  const pid = child.pid;
  return {
    port,
    pid,
    kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, signal);
    },
  };
}

async function stopAll(servers: RedisServer[], dir: string): Promise<void> {
  for (const server of servers) server.kill('SIGKILL');
  await waitUntil('test redis-servers to exit', async () =>
    [...running].every((child) => !servers.some((s) => s.pid === child.pid)),
  );
  rmSync(dir, { recursive: true, force: true });
}

async function startDataNode(dir: string, extra: string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--dir', dir, '--maxmemory-policy', 'noeviction', ...extra);
  const server = startServer(dir, args, port);
  await waitUntil(`redis-server on ${port}`, async () => (await command(port, 'PING')) === 'PONG');
  return server;
}

/** One plain redis-server of its own (benchmarks that must know everything the server does is theirs). */
export async function startRedisServer(): Promise<RedisTopology & { readonly url: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chronos-redis-'));
  const server = await startDataNode(dir).catch(async (error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const url = `redis://127.0.0.1:${server.port}`;
  return {
    url,
    env: { REDIS_URL: url },
    target: url,
    needsHashTag: false,
    servers: [server],
    stop: () => stopAll([server], dir),
  };
}

/**
 * A Redis Cluster of `masters` primaries without replicas (`redis-cli --cluster create`), all slots covered.
 * Chronos's prefix must then carry a hash tag.
 */
export async function startRedisCluster(masters = 3): Promise<RedisTopology> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chronos-cluster-'));
  const servers: RedisServer[] = [];
  try {
    for (let i = 0; i < masters; i += 1) {
      const config = `nodes-${i}.conf`;
      servers.push(await startDataNode(dir, ['--cluster-enabled', 'yes', '--cluster-config-file', config]));
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    await waitUntil('the cluster to be ok on every node', async () => {
      const infos = await Promise.all(servers.map((server) => command(server.port, 'CLUSTER', 'INFO')));
      return infos.every((info) => String(info).includes('cluster_state:ok'));
    });
  } catch (error) {
    await stopAll(servers, dir);
    throw error;
  }
  const nodes = servers.map((server) => ({ host: '127.0.0.1', port: server.port }));
  return {
    env: { REDIS_CLUSTER_NODES: nodes.map((node) => `${node.host}:${node.port}`).join(',') },
    target: { url: 'redis://127.0.0.1', mode: 'cluster', nodes },
    needsHashTag: true,
    servers,
    stop: () => stopAll(servers, dir),
  };
}

export type SentinelTopology = RedisTopology & {
  readonly primary: RedisServer;
  readonly replica: RedisServer;
  /** The port of the data node Sentinel names as primary now. */
  currentPrimaryPort(): Promise<number>;
};

/**
 * A primary, one replica and `sentinels` sentinels watching them as `mymaster` (quorum: a majority), quick to
 * act: the primary is judged down after 1 s of silence. Resolves once the sentinels know the replica, so a
 * failover can promote it.
 */
export async function startRedisSentinel(sentinels = 1): Promise<SentinelTopology> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chronos-sentinel-'));
  const servers: RedisServer[] = [];
  const name = 'mymaster';
  try {
    const primary = await startDataNode(dir);
    servers.push(primary);
    const replica = await startDataNode(dir, ['--replicaof', '127.0.0.1', String(primary.port)]);
    servers.push(replica);
    await waitUntil('the replica to sync', async () =>
      String(await command(replica.port, 'INFO', 'replication')).includes('master_link_status:up'),
    );
    const quorum = Math.floor(sentinels / 2) + 1;
    for (let i = 0; i < sentinels; i += 1) {
      const port = await freePort();
      const file = path.join(dir, `sentinel-${i}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} ${quorum}`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      servers.push(startServer(dir, [file, '--sentinel'], port));
    }
    const sentinelPorts = servers.slice(2).map((server) => server.port);
    await waitUntil(
      'the sentinels to know the replica',
      async () => {
        for (const port of sentinelPorts) {
          const replicas = (await command(port, 'SENTINEL', 'REPLICAS', name)) as unknown[];
          if (replicas.length === 0) return false;
        }
        return true;
      },
      20_000,
    );
    const sentinelList = sentinelPorts.map((port) => `127.0.0.1:${port}`).join(',');
    return {
      env: { REDIS_SENTINELS: sentinelList, REDIS_SENTINEL_NAME: name },
      target: {
        url: 'redis://127.0.0.1',
        mode: 'sentinel',
        sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
        sentinelName: name,
      },
      needsHashTag: false,
      servers,
      primary,
      replica,
      async currentPrimaryPort() {
        const [, port] = (await command(
          sentinelPorts[0] as number,
          'SENTINEL',
          'GET-MASTER-ADDR-BY-NAME',
          name,
        )) as [string, string];
        return Number(port);
      },
      stop: () => stopAll(servers, dir),
    };
  } catch (error) {
    await stopAll(servers, dir);
    throw error;
  }
}
