import { readFileSync } from 'node:fs';
import { loadConfig } from '@chronos/config';
import { createSimulator, loadDemoFixture, loadFixtureFile } from '@chronos/corehub-sim';
import { createLogger } from '@chronos/logger';
import { waitForStopSignal } from '@chronos/runner';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `chronos sim [--fixture <file.json>]      run the CoreHub simulator on HOST:PORT (demo pipelines by default)
                                         until SIGTERM/SIGINT; SIM_LICENSE_FILE makes it check Module-License`;

function parseArgs(args: string[]): { fixture?: string } {
  const [first, second, ...rest] = args;
  if (first === undefined) return {};
  if (first === '--fixture' && second && rest.length === 0) return { fixture: second };
  if (first.startsWith('--fixture=') && second === undefined) return { fixture: first.slice(10) };
  throw new UsageError(`unexpected argument "${first}"`);
}

/**
 * `chronos sim`: the simulator as the compose file's demo profile and the topology test run it. Prints one
 * stdout line `{"event":"listening","url":…,"port":…}` (logs go to stderr), like `apps/corehub-sim`'s main.
 */
export const simCommand: Command = {
  summary: 'run the CoreHub simulator (demo pipelines) on HOST:PORT',
  usage: USAGE,
  async run(context) {
    const { fixture } = parseArgs(context.args);
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
  },
};
