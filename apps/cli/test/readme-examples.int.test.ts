import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestPrefix, deletePrefix } from '@chronos/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, findFreePort, killAll, spawnChronos, waitUntil } from './helpers/cli-process.js';
import { type CliResult, runToEnd } from './helpers/spawn-cli.js';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md');
/** The base URL the README's examples are written for; replaced by the test instance's. */
const README_BASE_URL = 'http://127.0.0.1:1717';
const MARK = '<!-- readme-example -->';
/** The README's `alias chronos=…` line (how a reader in the repository calls the CLI); the test calls the launcher. */
const CLI_ALIAS = /^alias chronos=.*$/m;
const LAUNCHER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/chronos.mjs');

/** The ```bash blocks right after a `<!-- readme-example -->` line, in README order. */
export function extractExamples(markdown: string): string[] {
  const blocks: string[] = [];
  const pattern = new RegExp(`${MARK}\\s*\\n\`\`\`bash\\n([\\s\\S]*?)\\n\`\`\``, 'g');
  for (const match of markdown.matchAll(pattern)) if (match[1] !== undefined) blocks.push(match[1]);
  return blocks;
}

/** Runs `script` with real bash (and real curl) in `cwd`; the CLI's login file stays in `cwd`. */
function runBash(script: string, cwd: string): Promise<CliResult> {
  return runToEnd('bash', ['-c', script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, XDG_CONFIG_HOME: path.join(cwd, 'config') },
  });
}

/*
 * The README's API examples, as a reader would run them: `chronos start` (demo CoreHub, SQLite under
 * ./data, its own Redis prefix and free ports) in a fresh directory, then every marked block in order in
 * one bash session, with the base URL swapped for this instance's. curl gets `--fail-with-body`, so any
 * 4xx/5xx answer fails the block that sent it.
 */
describe('README examples against chronos start', () => {
  let scratch: string;
  let chronos: CliProcess;
  let baseUrl: string;
  let hubUrl: string;
  const prefix = createTestPrefix();

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-readme-'));
    const [port, discoveryPort] = await Promise.all([findFreePort(), findFreePort()]);
    chronos = spawnChronos(
      'chronos start',
      ['start'],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        QUEUE_PREFIX: prefix,
        // Discovery stays on loopback, on a port nobody answers: the demo simulator starts.
        DISCOVERY_HOST: '127.0.0.1',
        DISCOVERY_START_PORT: String(discoveryPort),
        DISCOVERY_PORT_RANGE: '1',
        DISCOVERY_TIMEOUT_MS: '500',
        LOG_LEVEL: 'info',
      },
      { cwd: scratch },
    );
    const consoleLine = await chronos.waitForLine(
      (line) => line.startsWith('  Console  '),
      'the start banner',
    );
    baseUrl = (consoleLine.replace(/^\s*Console\s+/, '').split(/\s+/)[0] ?? '').replace(/\/$/, '');
    const hubLine = await chronos.waitForLine((line) => line.startsWith('  CoreHub  '), 'the CoreHub line');
    hubUrl = hubLine.replace(/^\s*CoreHub\s+/, '').split(/\s+/)[0] ?? '';
  }, 120_000);

  afterAll(async () => {
    await killAll([chronos]);
    await deletePrefix(prefix);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('announces demo mode with the admin token kept in ./data', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(chronos.lines.join('\n')).toContain(
      '(demo: the built-in CoreHub simulator with sample pipelines)',
    );
    const token = fs.readFileSync(path.join(scratch, 'data', 'admin-token'), 'utf8').trim();
    expect(chronos.lines).toContain(`  Admin token  ${token}`);
    expect(
      chronos.json.some((line) => String(line.msg).startsWith('no corehub configured or discovered')),
    ).toBe(true);
  });

  it('runs every marked curl and chronos example of the README, in order, successfully', async () => {
    const examples = extractExamples(fs.readFileSync(README, 'utf8'));
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(examples.some((block) => CLI_ALIAS.test(block))).toBe(true);
    const script = [
      'set -euo pipefail',
      'curl() { command curl --fail-with-body "$@"; }',
      ...examples.flatMap((block, index) => [
        `echo "::example ${index + 1}" >&2`,
        block
          .replaceAll(README_BASE_URL, baseUrl)
          .replace(CLI_ALIAS, `chronos() { node ${JSON.stringify(LAUNCHER)} "$@"; }`),
        'echo',
      ]),
      'echo "::done" >&2',
    ].join('\n');
    const result = await runBash(script, scratch);
    const reached = result.stderr.match(/::example \d+/g)?.at(-1);
    expect(
      { code: result.code, done: result.stderr.includes('::done') },
      `failed at ${reached}:\n${result.stderr.slice(-2000)}\n${result.stdout.slice(-2000)}`,
    ).toEqual({ code: 0, done: true });

    // What the examples did, as the API and the simulator saw it.
    expect(result.stdout).toContain('"cron_expression":"30 8 * * 1,3,5"');
    expect(result.stdout).toContain('"cron_expression":"0 9 * * 1,3,5"');
    expect(result.stdout).toMatch(/"status":"succeeded"[^\n]*"success":true/);
    expect(result.stdout).toContain('"next_runs":[');
    expect(result.stdout).toMatch(/^204$/m);
    // The CLI twins, on their own job.
    expect(result.stdout).toMatch(/^Logged in to http:\/\/127\.0\.0\.1:\d+; /m);
    expect(result.stdout).toContain('"cron_expression": "30 8 * * 1,3,5"');
    expect(result.stdout).toMatch(/^schedule +0 9 \* \* 1,3,5 /m);
    expect(result.stdout).toMatch(/^status +succeeded$/m);
    expect(result.stdout).toMatch(/^next runs:$/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^Deleted job \d+ with its scheduler and history\.$/,
    );
    const journal = (await (
      await fetch(`${hubUrl}/__sim/journal?method=POST&path=/pipelines/8aeb9fb6/commands/sync/start`)
    ).json()) as { entries: Array<{ query: Record<string, string> }> };
    // One run by curl, one by the CLI.
    expect(journal.entries).toHaveLength(2);
    for (const entry of journal.entries) expect(entry.query).toMatchObject({ entity: '98fd97b8' });
  }, 120_000);

  it('serves the metrics of its worker on the API in one process', async () => {
    const token = fs.readFileSync(path.join(scratch, 'data', 'admin-token'), 'utf8').trim();
    // The worker half counts an execution just after announcing it final: poll until it shows.
    const text = await waitUntil(async () => {
      const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.text();
      // Both runs (curl's and the CLI's) counted.
      return body.includes('status="succeeded",trigger="manual"} 2') ? body : undefined;
    }, 'the execution in /metrics');
    expect(text).toMatch(
      /^chronos_executions_total\{task_type="entity_start",status="succeeded",trigger="manual"\} 2$/m,
    );
    expect(text).toMatch(/^chronos_corehub_connection_state 2$/m);
    expect(text).toMatch(/^chronos_queue_jobs\{state="waiting"\} \d+$/m);
    expect(text).toMatch(/^http_requests_total\{method="POST",route="\/api\/jobs",status="201"\} 2$/m);
  });

  it('stops on SIGINT (Ctrl-C) with exit code 0', async () => {
    chronos.kill('SIGINT');
    expect(await chronos.exited).toBe(0);
  }, 60_000);
});
