import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export type ProcessResult = { code: number | null; stdout: string; stderr: string };

export type RunningProcess = {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when the process printed `text` on stdout. */
  printed(text: string): Promise<void>;
  done: Promise<ProcessResult>;
};

/** Starts a TypeScript file in a separate Node process (tsx, workspace sources). */
export function startTsFile(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): RunningProcess {
  return startNode(['--import', 'tsx', '--conditions=@chronos/source', file, ...args], env);
}

/** Starts `node <args>` from the repository root, collecting its output. */
export function startNode(args: string[], env: NodeJS.ProcessEnv = process.env): RunningProcess {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    for (const waiter of waiters.filter((w) => stdout.includes(w.text))) waiter.resolve();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    child,
    printed: (text) =>
      new Promise<void>((resolve, reject) => {
        if (stdout.includes(text)) return resolve();
        waiters.push({ text, resolve });
        done.then((result) =>
          reject(new Error(`exited (${result.code}) before printing "${text}": ${result.stderr}`)),
        );
      }),
    done,
  };
}
