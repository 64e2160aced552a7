import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/chronos.mjs');

export type CliResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs the real `chronos` launcher as a separate process with only `env` (plus PATH/HOME) set, so the
 * developer's own DB_URL or DATA_DIR cannot leak in.
 */
export function spawnCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runToEnd(process.execPath, [bin, ...args], {
    cwd: path.dirname(bin),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', ...env },
  });
}

/** Runs `command` to its end with only `env`, collecting what it printed. */
export function runToEnd(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
