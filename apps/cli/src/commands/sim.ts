import { readFileSync } from 'node:fs';
import { loadConfig } from '@chronos/config';
import { createSimulator, loadDemoFixture, loadFixtureFile } from '@chronos/corehub-sim';
import { createLogger } from '@chronos/logger';
import { waitForStopSignal } from '@chronos/runner';
import type { CommandRun } from '../command.js';

/**
 * `chronos sim`: the simulator as the compose file's demo profile and the topology test run it. Prints one
 * stdout line `{"event":"listening","url":…,"port":…}` (logs go to stderr), like `apps/corehub-sim`'s main.
 */
export const runSim: CommandRun = async (context) => {
  const fixture = context.values.fixture as string | undefined;
  const config = loadConfig(context.env);
  const logger = createLogger({
    service: 'corehub-sim',
    level: config.logging.level,
    destination: context.stderr,
  });
  const licenseFile = context.env.SIM_LICENSE_FILE;
  const stopSignal = waitForStopSignal();
  const sim = await createSimulator({
    host: config.http.host,
    port: config.http.port,
    fixture: fixture ? loadFixtureFile(fixture) : loadDemoFixture(),
    ...(licenseFile
      ? {
          license: readFileSync(licenseFile, 'utf8')
            .trim()
            .replace(/[\r\n]+/g, ''),
        }
      : {}),
    logger,
  });
  context.stdout.write(`${JSON.stringify({ event: 'listening', url: sim.url, port: sim.port })}\n`);
  const signal = await stopSignal;
  logger.info({ signal }, 'simulator stopping');
  await sim.stop();
  return 0;
};
