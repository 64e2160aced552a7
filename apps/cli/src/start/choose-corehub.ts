import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ChronosConfig } from '@chronos/config';
import { discoverCoreHub } from '@chronos/corehub';
import { createSimulator, loadDemoFixture, type Simulator } from '@chronos/corehub-sim';
import type { Logger } from '@chronos/logger';

/** Where Chronos's CoreHub comes from in `chronos start`. */
export type CoreHubChoice =
  | { kind: 'configured'; url: string }
  | { kind: 'discovered'; url: string }
  | { kind: 'demo'; url: string; licenseFile: string; simulator: Simulator }
  | { kind: 'none' };

/** The license the demo simulator expects: made once per DATA_DIR, so restarts keep it. */
export const DEMO_LICENSE_FILE = 'demo-license.dat';

function ensureDemoLicense(dataDir: string): { file: string; content: string } {
  const file = path.join(dataDir, DEMO_LICENSE_FILE);
  if (fs.existsSync(file)) {
    const content = fs.readFileSync(file, 'utf8').trim();
    if (content) return { file, content };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const content = `chronos-demo-${randomBytes(12).toString('hex')}`;
  fs.writeFileSync(file, `${content}\n`, { mode: 0o600 });
  return { file, content };
}

/**
 * CORE_HUB_URL (or GLUESYNC_HOST) when set; else whatever answers UDP discovery; else, unless `allowDemo` is
 * false, the simulator in this process on a free loopback port with the demo pipelines
 * (`apps/corehub-sim/fixtures/demo.json`) and its own license, so the quick start has something to run
 * against. The caller stops the simulator.
 */
export async function chooseCoreHub(
  config: ChronosConfig,
  logger: Logger,
  options: { allowDemo: boolean },
): Promise<CoreHubChoice> {
  if (config.corehub.url) return { kind: 'configured', url: config.corehub.url };
  try {
    const url = await discoverCoreHub({ ...config.corehub.discovery, moduleTag: config.corehub.moduleTag });
    return { kind: 'discovered', url };
  } catch (error) {
    // An expected outcome on a machine without CoreHub, not a fault: the reason, no stack.
    logger.info(
      {
        reason: error instanceof Error ? error.message : String(error),
        discoveryHost: config.corehub.discovery.host,
      },
      'no corehub answered discovery',
    );
  }
  if (!options.allowDemo) return { kind: 'none' };
  const license = ensureDemoLicense(config.dataDir);
  const simulator = await createSimulator({
    host: '127.0.0.1',
    port: 0,
    fixture: loadDemoFixture(),
    license: license.content,
    // The simulator binds its own `component`.
    logger,
  });
  return { kind: 'demo', url: simulator.url, licenseFile: license.file, simulator };
}

/** The environment that points Chronos at the chosen hub (the demo simulator speaks plain HTTP). */
export function coreHubEnv(choice: CoreHubChoice): Record<string, string> {
  if (choice.kind === 'demo') {
    return { CORE_HUB_URL: choice.url, GLUESYNC_LICENSE_FILE: choice.licenseFile, SSL_ENABLED: 'false' };
  }
  if (choice.kind === 'discovered') return { CORE_HUB_URL: choice.url };
  return {};
}
