#!/usr/bin/env node
// `pnpm start` on a fresh clone: build the console once when dist/ is missing, so `pnpm install && pnpm start`
// serves it without a separate `pnpm build`. Without vite (a production install) it says so and goes on: the
// api works without the console and its `/` says how to build it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist', 'index.html'))) {
  let vite;
  try {
    const manifest = createRequire(path.join(root, 'package.json')).resolve('vite/package.json');
    vite = path.join(path.dirname(manifest), 'bin', 'vite.js');
  } catch {
    console.warn('console not built and vite is not installed: the api runs without the console');
  }
  if (vite) {
    console.log('building the console once (apps/console/dist) …');
    const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (result.status !== 0) console.warn('console build failed: the api runs without the console');
  }
}
