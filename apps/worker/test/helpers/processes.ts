import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export type AppProcess = {
  readonly name: string;
  readonly pid: number;
  /** Every JSON log line the process printed so far. */
  readonly logs: Array<Record<string, unknown>>;
  readonly stderr: string[];
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  kill(signal: NodeJS.Signals): void;
};

/**
 * Starts `apps/<app>/src/main.ts` as its own OS process, exactly as DESIGN's dev command does
 * (`node --conditions=@chronos/source --import tsx …`), with only the given environment plus PATH/HOME.
 */
export function spawnApp(app: 'worker' | 'api', env: Record<string, string>, name: string = app): AppProcess {
  return spawnCommand(
    process.execPath,
    ['--conditions=@chronos/source', '--import', 'tsx', `apps/${app}/src/main.ts`],
    env,
    name,
  );
}

/** Any command in the repository root (e.g. the documented `pnpm chronos worker`), watched like an app. */
export function spawnCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  name: string,
): AppProcess {
  const child: ChildProcess = spawn(command, args, {
    cwd: REPO_ROOT,
    // A short lock so that a killed worker's execution is recovered within seconds (the production default
    // waits up to 45 s); a test may set its own.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', WORKER_LOCK_SECONDS: '6', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        stderr.push(line);
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (child.pid === undefined) throw new Error(`could not spawn ${name}`);
  const pid = child.pid;
  return {
    name,
    pid,
    logs,
    stderr,
    exited,
    async waitForLog(msg, timeoutMs = 90_000) {
      // A process that dies before logging fails the wait at once, with its last words.
      const died = exited.then((code) => {
        throw new Error(`${name} exited (${code}) before logging "${msg}": ${stderr.join('').slice(-2000)}`);
      });
      died.catch(() => undefined);
      return Promise.race([
        waitFor(() => logs.find((line) => line.msg === msg), { what: `${name} to log "${msg}"`, timeoutMs }),
        died,
      ]);
    },
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** Kills what is still running and waits for it to be gone. */
export async function stopProcesses(processes: AppProcess[]): Promise<void> {
  for (const process of processes) process.kill('SIGKILL');
  await Promise.all(processes.map((process) => process.exited));
}
