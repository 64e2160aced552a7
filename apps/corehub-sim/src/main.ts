/**
 * The simulator as a process: `node --conditions=@chronos/source --import tsx apps/corehub-sim/src/main.ts
 * [--fixture file.json | --generate N [--entities M]]`. Listens on HOST:PORT (like every Chronos process),
 * answers discovery on UDP PORT, prints one JSON line `{"event":"listening","url":…}` on stdout (logs go to
 * stderr) and stops cleanly on SIGTERM/SIGINT.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '@chronos/config';
import { createLogger } from '@chronos/logger';
import { z } from 'zod';
import { generateFixture, loadDemoFixture, loadFixtureFile } from './fixture.js';
import { createSimulator } from './simulator.js';

const SimEnvSchema = z.object({
  SIM_LICENSE_FILE: z.string().min(1).optional(),
  SIM_JWT_SECRET: z.string().min(16).optional(),
  SIM_TOKEN_TTL_SECONDS: z.coerce.number().positive().default(3600),
  SIM_STOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
  SIM_MIGRATION_MS: z.coerce.number().int().min(0).default(5000),
  SIM_TLS_KEY_FILE: z.string().min(1).optional(),
  SIM_TLS_CERT_FILE: z.string().min(1).optional(),
  SIM_DISCOVERY: z.enum(['true', 'false']).default('true'),
  SIM_DISCOVERY_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  SIM_JOURNAL_LIMIT: z.coerce.number().int().min(1).default(10_000),
});

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const env = SimEnvSchema.parse(process.env);
  const { values } = parseArgs({
    options: {
      fixture: { type: 'string' },
      generate: { type: 'string' },
      entities: { type: 'string' },
    },
  });
  const logger = createLogger({
    service: 'corehub-sim',
    level: config.logging.level,
    destination: process.stderr,
  });
  const fixture = values.generate
    ? generateFixture({
        pipelines: Number(values.generate),
        entitiesPerPipeline: Number(values.entities ?? 20),
      })
    : values.fixture
      ? loadFixtureFile(values.fixture)
      : loadDemoFixture();
  const tls =
    env.SIM_TLS_KEY_FILE && env.SIM_TLS_CERT_FILE
      ? { key: readFileSync(env.SIM_TLS_KEY_FILE), cert: readFileSync(env.SIM_TLS_CERT_FILE) }
      : undefined;

  const sim = await createSimulator({
    port: config.http.port,
    host: config.http.host,
    fixture,
    license: env.SIM_LICENSE_FILE
      ? readFileSync(env.SIM_LICENSE_FILE, 'utf8')
          .trim()
          .replace(/[\r\n]+/g, '')
      : undefined,
    jwtSecret: env.SIM_JWT_SECRET,
    behaviour: {
      tokenTtlMs: env.SIM_TOKEN_TTL_SECONDS * 1000,
      stopDelayMs: env.SIM_STOP_DELAY_MS,
      migrationMs: env.SIM_MIGRATION_MS,
    },
    tls,
    discovery:
      env.SIM_DISCOVERY === 'true'
        ? { host: config.http.host, port: env.SIM_DISCOVERY_PORT ?? config.http.port }
        : undefined,
    journalLimit: env.SIM_JOURNAL_LIMIT,
    logger,
  });
  process.stdout.write(
    `${JSON.stringify({ event: 'listening', url: sim.url, port: sim.port, discoveryPort: sim.discoveryPort ?? null })}\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'simulator stopping');
    sim.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'simulator stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `corehub-sim failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
