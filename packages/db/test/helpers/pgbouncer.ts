import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type PgBouncer = {
  readonly port: number;
  /** `url` (a database on 127.0.0.1:5432) reached through this PgBouncer instead. */
  via(url: string): string;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A PgBouncer of its own in front of the machine's PostgreSQL (127.0.0.1:5432, trust auth), on a free loopback
 * port, in `transaction` pool mode with `poolSize` server connections per database: the production shape
 * the README documents. Started here and stopped by PID. PgBouncer refuses to run as root, hence `-u postgres`.
 */
export async function startPgBouncer(options: { poolSize?: number } = {}): Promise<PgBouncer> {
  if (spawnSync('pgbouncer', ['--version']).error) {
    throw new Error('pgbouncer is not installed: apt-get install -y pgbouncer (.ci/run does it)');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'chronos-pgbouncer-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const userlist = path.join(dir, 'userlist.txt');
  writeFileSync(userlist, '"postgres" ""\n', { mode: 0o644 });
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      '* = host=127.0.0.1 port=5432',
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${userlist}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 5}`,
      'max_client_conn = 200',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const child = spawn('pgbouncer', ['-u', 'postgres', ini], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGKILL');
    }
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`pgbouncer did not start: ${stderr.join('').slice(-1000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    via(url) {
      const parsed = new URL(url);
      parsed.port = String(port);
      return parsed.toString();
    },
    stop,
  };
}
