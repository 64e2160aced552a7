#!/usr/bin/env node
// Generates both Prisma clients into src/generated/{postgresql,sqlite}. Runs from `postinstall`, offline:
// the Prisma 7 CLI wants a native schema engine it would download, but `generate` never runs it, so any
// existing file satisfies the check (DESIGN.md §8) — we point it at the node binary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(packageDir, '../..');
let prismaCli;
try {
  prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
} catch {
  // A production install (`--prod`) has no prisma CLI; the clients were generated at build time.
  const generated = path.join(packageDir, 'src/generated/postgresql/client.ts');
  if (fs.existsSync(generated)) {
    console.warn('prisma CLI not installed: keeping the generated clients as they are');
    process.exit(0);
  }
  console.error('prisma CLI not installed and no generated client: run a full `pnpm install`');
  process.exit(1);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const provider of ['postgresql', 'sqlite']) {
  const schema = path.join(root, 'prisma', provider, 'schema.prisma');
  const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
    cwd: packageDir,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${provider} (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
