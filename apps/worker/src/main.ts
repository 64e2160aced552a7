import { runUntilStopped } from '@chronos/runner';
import { startWorker } from './start-worker.js';

/**
 * Entry of the worker process in development and tests: `node --conditions=@chronos/source --import tsx
 * apps/worker/src/main.ts` (the images run `chronos worker`; both take the same path). Only the entry
 * points read the environment.
 */
process.exitCode = await runUntilStopped(
  { service: 'chronos-worker', command: 'chronos worker', start: startWorker },
  { env: process.env, stderr: process.stderr },
);
