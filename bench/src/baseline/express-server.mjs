/**
 * Baseline child: a bare Express 5 server answering the three measured routes with the bodies Chronos
 * answered (read from BENCH_BODIES_FILE), serialised with `res.json` on every request. The least any
 * Express handler returning that data costs: no database, no validation, no middleware but the JSON body
 * parser on POST. Environment: PORT, BENCH_BODIES_FILE (read at the first request). Stops on SIGTERM. Plain JavaScript: the
 * footprint scenario runs it under tsx and under plain node alike.
 */
import fs from 'node:fs';
import express from 'express';

// Read on first use: the server starts (and its idle RSS is read) before the bench has Chronos's bodies.
/** @type {{ job: unknown; list: unknown; created: unknown } | undefined} */
let cached;
function bodies() {
  cached ??= JSON.parse(fs.readFileSync(process.env.BENCH_BODIES_FILE ?? '', 'utf8'));
  return cached;
}

const app = express();
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
app.get('/api/jobs/:id', (_req, res) => {
  res.json(bodies().job);
});
app.get('/api/jobs', (_req, res) => {
  res.json(bodies().list);
});
app.post('/api/jobs', express.json(), (_req, res) => {
  res.status(201).json(bodies().created);
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
