import { runUntilStopped } from '@chronos/runner';
import { startApi } from './start-api.js';

/**
 * Entry of the API process in development and tests: `node --conditions=@chronos/source --import tsx
 * apps/api/src/main.ts` (the images run `chronos api`; both take the same path).
 */
process.exitCode = await runUntilStopped(
  { service: 'chronos-api', command: 'chronos api', start: startApi },
  { env: process.env, stderr: process.stderr },
);
