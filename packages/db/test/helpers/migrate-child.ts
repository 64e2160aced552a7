// Run as its own OS process by migrations.int.test.ts. Loads everything, prints "ready", waits for "go" on
// stdin (so two children start migrating at the same moment), migrates the database at argv[2] and prints
// the outcome as one JSON line.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createDb } from '@chronos/db';

const db = createDb({ url: process.argv[2] ?? '' });
const lines = createInterface({ input: process.stdin });
console.log('ready');
await once(lines, 'line');
lines.close();
try {
  const result = await db.migrate.deploy();
  console.log(JSON.stringify({ ok: true, applied: result.applied }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: (error as Error).message }));
  process.exitCode = 1;
} finally {
  await db.close();
}
