import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workspace root: children run from there so `--import tsx` resolves the root's tsx. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A Node child process of the bench (a Chronos app or a baseline), with its log file. */
export type ChildHandle = {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Null while the process runs; its exit code (or signal name) once it ended. */
  exitStatus(): string | null;
  /** Resident set size from /proc, in bytes (undefined once the process is gone, or off Linux). */
  readRssBytes(): number | undefined;
  /** SIGTERM, then SIGKILL after `timeoutMs`. Resolves once the process is gone. */
  stop(timeoutMs?: number): Promise<void>;
  /** The last lines of its log, for error messages. */
  tailLog(lines?: number): string;
  /** CPU time used so far (user + system), in ms, from /proc (undefined off Linux or once gone). */
  readCpuMs(): number | undefined;
};

/**
 * Starts `entry` (a TypeScript file, absolute path) the way the READMEs run the apps in development:
 * `node --conditions=@chronos/source --import tsx <entry>`. The spawned pid is the Node process itself (no
 * wrapper), so its RSS is the app's; `runtime: 'node'` runs a compiled entry with plain `node <entry>`. stdout and stderr go to a file: piping them into the bench would make
 * the bench (which hosts the simulator) parse every log line of the measured processes.
 */
export function spawnTsProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  options: { cpuProfileDir?: string; runtime?: 'tsx' | 'node' } = {},
): ChildHandle {
  const logFile = path.join(logDir, `${name}.log`);
  const fd = fs.openSync(logFile, 'a');
  // --cpu-prof writes one CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile per thread (the main thread is
  // thread 0; tsx's loader hooks run on another) when the process exits normally (the apps exit 0 on SIGTERM).
  const profile = options.cpuProfileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(options.cpuProfileDir, name)}`]
    : [];
  const child: ChildProcess = spawn(
    process.execPath,
    // `node`: a compiled entry (dist/) or plain JavaScript, as the images run them: packages resolve to dist/.
    options.runtime === 'node'
      ? [...profile, entry]
      : [...profile, '--conditions=@chronos/source', '--import', 'tsx', entry],
    { cwd: REPO_ROOT, env, stdio: ['ignore', fd, fd] },
  );
  fs.closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${entry})`);
  const pid = child.pid;
  let status: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal ?? String(code);
      resolve();
    });
  });

  return {
    name,
    pid,
    logFile,
    exitStatus: () => status,
    readRssBytes: () => (status === null ? readRssBytes(pid) : undefined),
    readCpuMs: () => (status === null ? readCpuMs(pid) : undefined),
    async stop(timeoutMs = 15_000) {
      if (status !== null) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, timeoutMs);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
      await exited;
    },
    tailLog(lines = 15) {
      try {
        return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
  };
}

/** VmRSS of a live process, from /proc/<pid>/status. */
export function readRssBytes(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat times: 100 on every Linux Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a live process, in ms, from /proc/<pid>/stat. */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces): utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** Throws with the child's log tail when it has died: a scenario must not wait on a dead process. */
export function assertAlive(children: readonly ChildHandle[]): void {
  for (const child of children) {
    const status = child.exitStatus();
    if (status !== null) {
      throw new Error(`${child.name} exited (${status}); last log lines:\n${child.tailLog()}`);
    }
  }
}
