import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/chronos.mjs');

/** A long-running `chronos <command>` process with its output collected. */
export type CliProcess = {
  readonly name: string;
  readonly pid: number;
  /** stdout lines that parsed as JSON (pino log lines, the simulator's `listening` line). */
  readonly json: Array<Record<string, unknown>>;
  /** Every stdout line as text. */
  readonly lines: string[];
  readonly stderr: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** The first JSON line `match` accepts; fails early (with the last output) if the process dies. */
  waitForJson(
    match: (line: Record<string, unknown>) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** The first stdout text line `match` accepts. */
  waitForLine(match: (line: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  kill(signal: NodeJS.Signals): void;
  /**
   * Signals the launcher's whole process group, as a terminal's Ctrl-C does (needs `ownProcessGroup`).
   */
  killGroup(signal: NodeJS.Signals): void;
  /** The tail of both streams, for failure messages. */
  describe(): string;
};

/**
 * Starts the real launcher (`bin/chronos.mjs`, as the Dockerfiles and `pnpm start` do) with only `env`
 * plus PATH/HOME/TZ, so the developer's own variables cannot leak in.
 */
export function spawnChronos(
  name: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; ownProcessGroup?: boolean } = {},
): CliProcess {
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], {
    detached: options.ownProcessGroup === true,
    cwd: options.cwd ?? path.dirname(bin),
    // A short lock: a killed worker's execution is recovered within seconds (production waits up to 45 s).
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      TZ: 'UTC',
      WORKER_LOCK_SECONDS: '6',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not spawn ${name}`);
  const json: Array<Record<string, unknown>> = [];
  const lines: string[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      if (!line.startsWith('{')) continue;
      try {
        json.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // A text line that happens to start with a brace: kept in `lines` only.
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const describe = () =>
    `${name}: stdout …${lines.slice(-15).join('\n').slice(-3000)}\nstderr …${stderr.join('').slice(-2000)}`;

  async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let hasExited = false;
    void exited.then(() => {
      hasExited = true;
    });
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (hasExited) throw new Error(`${name} exited before ${what}\n${describe()}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${describe()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    name,
    pid: child.pid,
    json,
    lines,
    stderr,
    exited,
    waitForJson: (match, what, timeoutMs = 90_000) => waitFor(() => json.find(match), what, timeoutMs),
    waitForLine: (match, what, timeoutMs = 90_000) => waitFor(() => lines.find(match), what, timeoutMs),
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    killGroup(signal) {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(-child.pid, signal);
    },
    describe,
  };
}

/** Kills whatever is still running (tests that failed half-way) and waits for it to be gone. */
export async function killAll(processes: CliProcess[]): Promise<void> {
  for (const process of processes) process.kill('SIGKILL');
  await Promise.all(processes.map((process) => process.exited));
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for processes that need the number up front). */
export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs` with `what`. */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
