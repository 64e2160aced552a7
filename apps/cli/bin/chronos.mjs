#!/usr/bin/env node
// Launcher for the `chronos` CLI. In the workspace (src/ present) it re-executes itself under tsx with the
// `@chronos/source` condition, so workspace packages resolve to their TypeScript sources and no build is
// needed; an installed or built copy (no src/) runs dist/main.js directly.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

// `pnpm start` / `pnpm chronos …` run us in apps/cli; INIT_CWD is where the operator typed the command, and
// that is where `./data` and `.env` are meant to be.
if (process.env.npm_lifecycle_event && process.env.INIT_CWD && existsSync(process.env.INIT_CWD)) {
  process.chdir(process.env.INIT_CWD);
}
// `.env` of the working directory, under the real environment (a variable already set wins).
if (existsSync('.env')) {
  for (const [name, value] of Object.entries(parseEnv(readFileSync('.env', 'utf8')))) {
    if (process.env[name] === undefined) process.env[name] = value;
  }
}

const sourceEntry = new URL('../src/main.ts', import.meta.url);
const REEXEC_MARK = 'CHRONOS_CLI_FROM_SOURCE';

if (existsSync(fileURLToPath(sourceEntry)) && process.env[REEXEC_MARK] !== '1') {
  const tsx = import.meta.resolve('tsx');
  const child = spawn(
    process.execPath,
    [
      '--conditions=@chronos/source',
      '--import',
      tsx,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    // Its own process group: a terminal's Ctrl-C reaches only us, and we pass it on once. Sharing our group,
    // the child got it twice (from the terminal and from us) and took the second for "exit now", cutting
    // its drain and its shutdown log lines short. The IPC channel tells it when we are gone (killed with
    // SIGKILL, say): it then stops as on SIGTERM instead of running on, orphaned, outside our group.
    {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, [REEXEC_MARK]: '1' },
      detached: true,
    },
  );
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1);
  });
} else {
  if (process.channel) {
    // The launcher above: its channel only says whether it still lives, and must not keep us running.
    process.channel.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  const entry = process.env[REEXEC_MARK] === '1' ? sourceEntry : new URL('../dist/main.js', import.meta.url);
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2), process.env);
}
