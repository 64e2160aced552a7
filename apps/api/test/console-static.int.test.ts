import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/index.js';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

describe('the console at /', () => {
  let api: TestApi;
  let built: string;
  let missing: string;
  beforeAll(async () => {
    api = await startTestApi({ provider: 'sqlite' });
    built = fs.mkdtempSync(path.join(os.tmpdir(), 'console-dist-'));
    fs.mkdirSync(path.join(built, 'assets'));
    fs.writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Chronos console</title>');
    fs.writeFileSync(path.join(built, 'assets', 'app-1.js'), 'console.log(1)');
    missing = fs.mkdtempSync(path.join(os.tmpdir(), 'console-none-'));
  });
  afterAll(async () => {
    await api?.close();
    fs.rmSync(built, { recursive: true, force: true });
    fs.rmSync(missing, { recursive: true, force: true });
  });

  it('serves the built console to browsers and its assets, and keeps the JSON links for scripts', async () => {
    const app = createApp({ ...api.deps, consoleDir: built });
    const page = await request(app).get('/').set('accept', 'text/html,application/xhtml+xml').expect(200);
    expect(page.text).toContain('<title>Chronos console</title>');
    await request(app).get('/assets/app-1.js').expect(200, 'console.log(1)');
    await request(app).get('/assets/missing.js').expect(404);
    const links = await request(app).get('/').expect(200);
    expect(links.body.links).toMatchObject({ docs: '/docs', jobs: '/api/jobs' });
  });

  it('says at / that the console was not built, and the API still answers', async () => {
    const app = createApp({ ...api.deps, consoleDir: missing });
    const page = await request(app).get('/').set('accept', 'text/html').expect(200);
    expect(page.text).toContain('The console (the web UI) was not built');
    expect(page.text).toContain('pnpm build');
    await request(app).get('/api/jobs').expect(200);
  });
});
