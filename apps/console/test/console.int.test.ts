import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestPrefix, deletePrefix } from '@chronos/queue/testing';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const consoleDir = path.resolve(here, '..');
const repo = path.resolve(consoleDir, '../..');
/** Screenshots for people to look at (ignored by git). */
const ARTIFACTS = path.join(repo, 'artifacts', 'console-e2e');
const CHROMIUM = '/usr/bin/chromium';
// DESIGN.md §8: without the background-networking flags Chromium floods the closed network.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The machine's Chromium, headless. Playwright starts it with a fresh temporary profile (its own
 * --user-data-dir), and each person below gets a context of their own (cookies are not shared).
 */
function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

async function openContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  // Loopback only (Bull Board links a web font): anything else is refused at once instead of timing out.
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Jobs' }).waitFor();
}

/** A webhook receiver on an ephemeral loopback port: every request's signature header and body. */
async function startReceiver() {
  const received: Array<{ signature: string; body: string }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        signature: String(req.headers['chronos-signature'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/chronos`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const sessionCookie = async (context: BrowserContext) =>
  (await context.cookies()).find((cookie) => cookie.name === 'chronos_session');

/*
 * The console in a real browser against `chronos start` (api + worker + the demo CoreHub simulator, SQLite in a
 * scratch directory, its own Redis prefix and port): what a person does, from sign-in to sign-out.
 */
describe('the console in Chromium', () => {
  let scratch: string;
  let chronos: ChildProcess;
  let output = '';
  let baseUrl = '';
  let adminToken = '';
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let jobUrl = '';
  const viewerToken = `chr_${randomBytes(24).toString('base64url')}`;
  const prefix = createTestPrefix();

  beforeAll(async () => {
    // The files under test are the current sources: build them (a few seconds) rather than trust an old dist.
    const build = spawnSync(
      process.execPath,
      [path.join(consoleDir, 'node_modules/vite/bin/vite.js'), 'build'],
      // Vitest sets NODE_ENV=test, which would make a development build of React.
      { cwd: consoleDir, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
    );
    expect(build.status, build.stderr).toBe(0);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chronos-console-'));
    const [port, discoveryPort] = await Promise.all([freePort(), freePort()]);
    const viewerEntry = `viewer:VIEWER:${createHash('sha256').update(viewerToken).digest('hex')}`;
    chronos = spawn(process.execPath, [path.join(repo, 'apps/cli/bin/chronos.mjs'), 'start'], {
      cwd: scratch,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        TZ: 'UTC',
        PORT: String(port),
        HOST: '127.0.0.1',
        QUEUE_PREFIX: prefix,
        API_TOKENS: viewerEntry,
        DISCOVERY_HOST: '127.0.0.1',
        DISCOVERY_START_PORT: String(discoveryPort),
        DISCOVERY_PORT_RANGE: '1',
        DISCOVERY_TIMEOUT_MS: '500',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    chronos.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const deadline = Date.now() + 60_000;
    while (!/^ {2}Console +(\S+)/m.test(output)) {
      if (chronos.exitCode !== null || Date.now() > deadline)
        throw new Error(`chronos start failed:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    baseUrl = (/^ {2}Console +(\S+)/m.exec(output)?.[1] ?? '').replace(/\/$/, '');
    adminToken = fs.readFileSync(path.join(scratch, 'data', 'admin-token'), 'utf8').trim();
    browser = await launchChromium();
    admin = await openContext(browser);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (chronos && chronos.exitCode === null) {
      const exited = new Promise((resolve) => chronos.once('exit', resolve));
      chronos.kill('SIGTERM');
      await exited;
    }
    await deletePrefix(prefix);
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps Bull Board and /docs closed before sign-in, sending the browser to the sign-in', async () => {
    const { page } = admin;
    for (const target of ['/docs/', '/admin/queues']) {
      const response = await page.goto(`${baseUrl}${target}`);
      expect(response?.status(), target).toBe(401);
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
    }
  });

  it('signs in with a token, then opens Bull Board (read-only) and /docs', async () => {
    const { page, context } = admin;
    await page.goto(`${baseUrl}/#/sign-in?next=%2Fdocs%2F`);
    await page.screenshot({ path: path.join(ARTIFACTS, '1-sign-in.png') });
    await page.getByLabel('API token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/docs/`);
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Swagger UI');
    const cookie = await sessionCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect((await page.goto(`${baseUrl}/admin/queues`))?.status()).toBe(200);
    await page.getByText('Chronos runs').first().waitFor();
  });

  it('creates a job in the friendly format, with the next runs and the server’s messages as it is typed', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/#/jobs`);
    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByLabel('Name').fill('Start orders sync');
    await page.getByLabel('Task').selectOption('pipeline_start');
    await page.getByLabel('Pipeline id').fill('8aeb9fb6');
    for (const day of ['mon', 'wed', 'fri']) await page.getByLabel(day, { exact: true }).check();
    await page.getByLabel('Hour (0–23)').fill('25');
    await page.getByLabel('Zone (IANA, blank = the default zone)').fill('Europe/Rome');
    await page.locator('.field.invalid').getByText(/<=23/).waitFor();
    await page.getByLabel('Hour (0–23)').fill('8');
    await page.getByLabel('Minute (0–59)').fill('30');
    const nextRuns = page.locator('.preview .next-runs li');
    await expect.poll(() => nextRuns.count(), { timeout: 15_000 }).toBe(5);
    expect(await nextRuns.first().textContent()).toMatch(/08:30:00 GMT\+0[12]:00/);
    await page.getByText('30 8 * * 1,3,5').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '2-new-job.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.getByRole('heading', { name: 'Start orders sync' }).waitFor();
    jobUrl = page.url();
    await expect.poll(() => page.locator('.next-runs li').count(), { timeout: 15_000 }).toBe(5);
  });

  it('runs it now: the execution appears live and finishes with its CoreHub steps', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('status').getByText('Run finished').waitFor({ timeout: 30_000 });
    const row = page.locator('tr[data-execution-id]').first();
    await row.getByText('succeeded').waitFor();
    await row.getByText('manual').waitFor();
    await page
      .getByRole('button', { name: /Steps of execution/ })
      .first()
      .click();
    await page.getByText('POST /pipelines/8aeb9fb6/commands/sync/start').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '3-job-page.png'), fullPage: true });
    // Bull Board names the queue job after the Chronos job (not `job.run-now`).
    const board = await page.request.get(
      `${baseUrl}/admin/queues/api/queues?activeQueue=chronos-runs&status=completed&page=1&jobsPerPage=10`,
    );
    const names = (
      (await board.json()) as { queues: Array<{ jobs: Array<{ name: string }> }> }
    ).queues.flatMap((queue) => queue.jobs.map((job) => job.name));
    expect(names).toContainEqual(
      expect.stringMatching(/^Start orders sync \(job \d+\) · run now, execution \d+$/),
    );
  });

  it('links the job page to its scheduler in Bull Board, named after the job', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Scheduler in Bull Board' }).click();
    // The pending tick's page: the job's name and id and the tick's due instant, not `schedule.fire`.
    await page.waitForURL(/\/admin\/queues\/queue\/chronos-runs\/repeat%3Ajob-\d+%3A\d+$/);
    await page
      .getByText(/Start orders sync \(job \d+\) · tick due \d{4}-\d\d-\d\dT0[67]:30:00Z/)
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '3b-bull-board-tick.png'), fullPage: true });
    const board = await page.request.get(`${baseUrl}/admin/queues/api/job-schedulers`);
    const schedulers = ((await board.json()) as { schedulers: Array<{ id: string; name: string }> })
      .schedulers;
    expect(schedulers).toContainEqual(
      expect.objectContaining({ name: expect.stringMatching(/^Start orders sync \(job \d+\) · scheduler$/) }),
    );
    await page.goto(jobUrl);
    await page.getByRole('heading', { name: 'Start orders sync' }).waitFor();
  });

  it('disables it', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    // No scheduler while disabled, so no link to one.
    await expect.poll(() => page.getByRole('link', { name: 'Scheduler in Bull Board' }).count()).toBe(0);
    await page.getByText('Disabled: it runs only when run by hand.').waitFor();
    await page.goto(`${baseUrl}/#/jobs`);
    await page.getByRole('link', { name: 'Start orders sync' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, '4-jobs.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, '5-jobs-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('creates an automation job with its parameters and a webhook, showing the api’s messages at the fields; a failed run is delivered signed', async () => {
    const { page } = admin;
    const receiver = await startReceiver();
    try {
      await page.goto(`${baseUrl}/#/jobs`);
      await page.getByRole('link', { name: 'New job' }).click();
      await page.getByLabel('Name').fill('Refresh sales board');
      await page.getByLabel('Task').selectOption('visualize_refresh');
      // Visualize is CoreHub's own: no pipeline asked.
      expect(await page.getByLabel('Pipeline id').count()).toBe(0);
      await page.getByLabel('Cron expression', { exact: true }).check();
      await page.locator('#cron').fill('0 3 * * *');
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page.getByLabel('Webhook URL 1').fill('ftp://files.example/drop');
      await page.getByRole('button', { name: 'Create job' }).click();
      await page
        .locator('.field.invalid')
        .filter({ has: page.getByLabel('Webhook URL 1') })
        .getByText('must be an http:// or https:// URL without user:password@')
        .waitFor();
      await page.getByLabel('Webhook URL 1').fill(receiver.url);
      await page.getByLabel('timed out').uncheck();
      await page.getByRole('button', { name: 'Create job' }).click();
      await page
        .locator('.field.invalid')
        .filter({ has: page.getByLabel('Visualization id') })
        .getByText('visualize_refresh requires a non-empty viz_id')
        .waitFor();
      // Not a visualization CoreHub knows: the run fails, which is what the webhook is for.
      await page.getByLabel('Visualization id').fill('viz-retired');
      await page.getByLabel('Parameters (JSON object of strings)').fill('{"region": 1}');
      await page.getByRole('button', { name: 'Create job' }).click();
      await page
        .locator('.field.invalid')
        .filter({ has: page.getByLabel('Parameters (JSON object of strings)') })
        .getByText(/expected string/)
        .waitFor();
      await page.getByLabel('Parameters (JSON object of strings)').fill('{"region": "emea"}');
      await page.screenshot({ path: path.join(ARTIFACTS, '7-automation-job.png'), fullPage: true });
      await page.getByRole('button', { name: 'Create job' }).click();
      await page.getByRole('heading', { name: 'Refresh sales board' }).waitFor();
      await page.getByText('viz-retired').waitFor();
      await page.getByText('{"region":"emea"}').waitFor();
      const secret = (await page.locator('code.secret').textContent()) ?? '';
      expect(secret).toMatch(/^whsec_/);
      await page.getByText('on failed, missed, recovered').waitFor();

      await page.getByRole('button', { name: 'Run now' }).click();
      await page.getByRole('status').getByText('Run finished').waitFor({ timeout: 30_000 });
      await page.locator('tr[data-execution-id]').first().getByText('failed').waitFor();
      await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBe(1);
      const [delivery] = receiver.received;
      const [t, v1] = (delivery?.signature ?? '').split(',').map((part) => part.split('=')[1]);
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivery?.body}`).digest('hex'));
      expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
        type: 'execution.failed',
        job: { name: 'Refresh sales board', task_type: 'visualize_refresh' },
      });
      // The job page lists the attempt (the secret is not shown again after a reload).
      await expect
        .poll(
          async () => {
            await page.reload();
            const row = page.getByRole('table', { name: 'Notification deliveries' }).getByText('delivered');
            return row.waitFor({ timeout: 3000 }).then(
              () => row.count(),
              () => 0,
            );
          },
          { timeout: 15_000 },
        )
        .toBe(1);
      expect(await page.locator('code.secret').count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, '8-deliveries.png'), fullPage: true });
    } finally {
      await receiver.close();
    }
  });

  it('refuses cookie writes without the CSRF token or from another site', async () => {
    const { page } = admin;
    const status = await page.evaluate(async () => {
      const response = await fetch('api/jobs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'forged', task_type: 'pipeline_start', cron_expression: '0 8 * * *' }),
      });
      return { status: response.status, code: ((await response.json()) as { code?: string }).code };
    });
    expect(status).toEqual({ status: 403, code: 'CSRF_REJECTED' });
    const cookie = await sessionCookie(admin.context);
    const session = await (
      await fetch(`${baseUrl}/api/session`, { headers: { cookie: `chronos_session=${cookie?.value}` } })
    ).json();
    const forged = await fetch(`${baseUrl}/api/jobs`, {
      method: 'POST',
      headers: {
        cookie: `chronos_session=${cookie?.value}`,
        'x-csrf-token': session.csrf_token,
        'content-type': 'application/json',
        origin: 'http://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: JSON.stringify({ name: 'forged', task_type: 'pipeline_start', cron_expression: '0 8 * * *' }),
    });
    expect(forged.status).toBe(403);
  });

  it('shows a VIEWER no write controls, and answers 403 when it tries anyway', async () => {
    const viewer = await openContext(browser);
    try {
      const { page } = viewer;
      await signIn(page, baseUrl, viewerToken);
      await page.getByText('viewer (VIEWER)').waitFor();
      expect(await page.getByRole('link', { name: 'New job' }).count()).toBe(0);
      await page.goto(jobUrl);
      await page.getByRole('heading', { name: 'Start orders sync' }).waitFor();
      for (const name of ['Run now', 'Enable', 'Disable', 'Delete'])
        expect(await page.getByRole('button', { name }).count(), name).toBe(0);
      expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, '6-job-as-viewer.png'), fullPage: true });
      const jobId = Number(new URL(jobUrl).hash.split('/')[2]);
      const answer = await page.evaluate(async (id) => {
        const session = await (await fetch('api/session')).json();
        const response = await fetch(`api/jobs/${id}/run`, {
          method: 'POST',
          headers: { 'x-csrf-token': session.csrf_token },
        });
        return { status: response.status, detail: ((await response.json()) as { detail: string }).detail };
      }, jobId);
      expect(answer).toEqual({ status: 403, detail: 'Role VIEWER is not permitted to control schedules' });
    } finally {
      await viewer.context.close();
    }
  });

  it('signs out: the old cookie no longer works anywhere', async () => {
    const { page, context } = admin;
    const cookie = await sessionCookie(context);
    await page.goto(`${baseUrl}/#/jobs`);
    const [signOut] = await Promise.all([
      page.waitForResponse(
        (response) => response.url().endsWith('/api/session') && response.request().method() === 'DELETE',
      ),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    expect(signOut.status()).toBe(204);
    await page.getByLabel('API token').waitFor();
    const replay = await fetch(`${baseUrl}/api/jobs`, {
      headers: { cookie: `chronos_session=${cookie?.value}` },
    });
    expect(replay.status).toBe(401);
    expect((await page.goto(`${baseUrl}/admin/queues`))?.status()).toBe(401);
  });
});
