import { createLogger, type Logger } from '@chronos/logger';
import { afterEach } from 'vitest';
import type { CoreHubPort } from '../../src/contract/index.js';
import { type CoreHubClient, type CreateCoreHubClientOptions, createCoreHubClient } from '../../src/index.js';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';

export const TEST_LICENSE = 'TEST-LICENSE-0123456789';

/** Log lines of one test, to assert on warnings without printing them. */
export function createCapturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    service: 'corehub-test',
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** A simulator stopped after the test. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await createSimulator({ license: TEST_LICENSE, ...options });
  cleanups.push(() => sim.stop());
  return sim;
}

/** A client with test-friendly defaults, closed after the test. */
export function startClient(options: Partial<CreateCoreHubClientOptions> & { url?: string }): CoreHubClient {
  const client = createCoreHubClient({
    license: TEST_LICENSE,
    moduleTag: 'scheduler-module',
    modulePort: 1717,
    moduleScheme: 'http',
    requestTimeoutMs: 5000,
    healthCheckIntervalMs: 0,
    reconnect: { initialMs: 20, maxMs: 200 },
    logger: createCapturingLogger().logger,
    isProduction: false,
    ...options,
  });
  cleanups.push(() => client.close());
  return client;
}

/** Polls `check` until it returns true (or throws after `timeoutMs`): waits for state, not for time. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `GET path` through the port, answering the JSON list the hub sent (tests of the transport, not of shapes). */
export async function getList(
  hub: CoreHubPort,
  path: string,
  options: { timeoutMs?: number } = {},
): Promise<unknown[]> {
  const response = await hub.send({ method: 'GET', path, ...options });
  if (!Array.isArray(response.body)) throw new Error(`GET ${path} answered no list: ${response.text}`);
  return response.body;
}
