import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

/*
 * There is no Docker engine on the development machines (no `docker build`, no `docker compose config`):
 * this reads the files Docker would read — .dockerignore with Docker's own matching rules, the compose file,
 * the Dockerfiles — and holds them to what an operator needs from them.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

const ignored = dockerignore().add(read('.dockerignore'));

/** What `docker build .` would send: every file under the context the ignore file does not exclude. */
function buildContext(dir = ''): string[] {
  const sent: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (ignored.ignores(relative)) continue;
    // An excluded directory is not entered (the ignore file re-includes nothing below one).
    if (entry.isDirectory()) sent.push(...buildContext(relative));
    else sent.push(relative);
  }
  return sent;
}

/** Paths that must never reach an image, whatever else the tree holds when an image is built. */
const SECRETS_AND_STATE = [
  'data/chronos.db',
  'data/chronos.db-wal',
  'data/admin-token',
  'data/demo-license.dat',
  'apps/cli/data/chronos.db',
  'bench/data/admin-token',
  '.env',
  '.env.production',
  'apps/api/.env',
  'shared/gs-license.dat',
  'shared/security-config.json',
  'shared/gluesync.com.jks',
  'shared/gluesync.com.p12',
  'gluesync.com.p12',
  'certs/corehub.pem',
  'certs/corehub.key',
  'node_modules/pino/package.json',
  'apps/api/node_modules/express/package.json',
  'apps/api/dist/index.js',
  'packages/db/src/generated/postgresql/client.ts',
  '.git',
  '.git/HEAD',
  'coverage/index.html',
  'apps/worker/coverage/lcov.info',
  'job.json',
  'executions.json',
  'chronos-api.cpuprofile',
  'npm-debug.log',
];

/** What a forbidden path looks like, to check the real listing as well as the examples above. */
const FORBIDDEN =
  /(^|\/)(data|shared|node_modules|dist|coverage|\.turbo)\/|(^|\/)\.env(\.(?!example$)[^/]*)?$|\.(jks|p12|pfx|pem|key|dat|log)$|(^|\/)\.git(\/|$)|(^|\/)admin-token$/;

describe('.dockerignore', () => {
  it('keeps secrets, local state, dependencies and build output out of the build context', () => {
    expect(SECRETS_AND_STATE.filter((file) => !ignored.ignores(file))).toEqual([]);
  });

  it('sends nothing of the kind from this very tree (its node_modules, data, .git, …)', () => {
    const sent = buildContext();
    expect(sent.length).toBeGreaterThan(100);
    expect(sent.filter((file) => FORBIDDEN.test(file))).toEqual([]);
  });

  it('sends every file git tracks: the build needs the sources, the lockfile and .env.example', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(tracked).toContain('.env.example');
    expect(tracked.filter((file) => ignored.ignores(file))).toEqual([]);
  });
});

type Service = {
  build?: { dockerfile: string };
  image?: string;
  depends_on?: Record<string, { condition?: string }>;
  volumes?: string[];
  environment?: Record<string, string | number>;
  restart?: string;
  healthcheck?: { test: unknown };
  stop_grace_period?: string;
  command?: string[];
  deploy?: { resources?: { limits?: { memory?: string; cpus?: string } } };
};

const composeText = read('docker-compose.yml');
const compose = parseYaml(composeText, { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = Object.entries(compose.services);
const dockerfiles = ['Dockerfile.api', 'Dockerfile.worker'];

/** `40s`, `1m30s`, `90` → seconds (compose durations). */
function durationSeconds(text: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)?/g))
    total += Number(value) * units[unit ?? 's']!;
  return total;
}

/** `768M`, `1G`, `512m` → MiB. */
function mebibytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg])i?b?$/i.exec(text.trim());
  if (!match) throw new Error(`not a memory size: ${text}`);
  return Number(match[1]) * { k: 1 / 1024, m: 1, g: 1024 }[match[2]!.toLowerCase() as 'k' | 'm' | 'g'];
}

/** The default of a `${NAME:-default}` interpolation, or the literal value. */
function composeValue(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  return /^\$\{[A-Z_]+:?-(.*)\}$/.exec(text)?.[1] ?? text;
}

/** RSS of `row` in bench/README.md's full table (MiB, measured under tsx). */
function measuredRss(row: string): number {
  const match = new RegExp(`\\| ${row}\\s*\\| lower\\s*\\| ([\\d.]+) MiB`).exec(read('bench/README.md'));
  if (!match) throw new Error(`bench/README.md has no "${row}" row`);
  return Number(match[1]);
}

describe('docker-compose.yml', () => {
  it('mounts no JKS keystore (Node cannot read one; DESIGN §6), and its keystore is PKCS#12', () => {
    const mounts = services.flatMap(([, service]) => service.volumes ?? []);
    expect(mounts.filter((mount) => /\.jks(:|$)/.test(mount))).toEqual([]);
    expect(mounts.some((mount) => /\.p12:/.test(mount))).toBe(true);
  });

  it('keeps the api’s DATA_DIR (the admin token) on a named volume, and the README says how to read it', () => {
    const api = compose.services.api!;
    const dataDir = composeValue(api.environment?.DATA_DIR);
    expect(dataDir).toBeTruthy();
    const mount = api.volumes?.find((volume) => volume.split(':')[1] === dataDir);
    expect(mount, `a volume at ${dataDir}`).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain(mount!.split(':')[0]);
    expect(read('README.md')).toContain(`docker compose exec api cat ${dataDir}/admin-token`);
  });

  it('gives the api and the workers longer than their drain before Docker kills them', () => {
    for (const name of ['api', 'worker']) {
      const service = compose.services[name]!;
      const drain = Number(composeValue(service.environment?.SHUTDOWN_TIMEOUT_SECONDS) ?? 30);
      expect(durationSeconds(service.stop_grace_period ?? '10s'), name).toBeGreaterThan(drain);
    }
  });

  it('requires POSTGRES_PASSWORD instead of falling back to a default', () => {
    const uses = [...composeText.matchAll(/\$\{POSTGRES_PASSWORD([^}]*)\}/g)].map((match) => match[1]!);
    expect(uses.length).toBeGreaterThanOrEqual(2);
    for (const use of uses) expect(use).toMatch(/^:\?.+/);
  });

  it('starts a service only once what it depends on is healthy', () => {
    for (const [name, service] of services) {
      for (const [dependency, how] of Object.entries(service.depends_on ?? {})) {
        expect(how.condition, `${name} → ${dependency}`).toBe('service_healthy');
        const target = compose.services[dependency]!;
        const imageCheck = target.build && /^HEALTHCHECK /m.test(read(target.build.dockerfile));
        expect(target.healthcheck ?? imageCheck, `${dependency} has a healthcheck`).toBeTruthy();
      }
    }
  });

  it('restarts every service and bounds its memory; Chronos’s limits fit the measured footprint', () => {
    for (const [name, service] of services) {
      expect(service.restart, name).toMatch(/^(unless-stopped|always|on-failure)/);
      expect(service.deploy?.resources?.limits?.memory, name).toBeTruthy();
    }
    const limit = (name: string) => mebibytes(compose.services[name]!.deploy!.resources!.limits!.memory!);
    // Headroom over the highest RSS measured: the api after its load, a worker after 4,000 runs.
    expect(limit('api')).toBeGreaterThanOrEqual(1.5 * measuredRss('RSS api after scenario 3'));
    expect(limit('worker')).toBeGreaterThanOrEqual(1.5 * measuredRss('RSS worker after scenario 2'));
    // A full Redis must refuse writes before its container is killed (noeviction: schedules are never dropped).
    const redisArgs = compose.services.redis!.command!;
    expect(redisArgs[redisArgs.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(mebibytes(redisArgs[redisArgs.indexOf('--maxmemory') + 1]!)).toBeLessThan(limit('redis'));
  });
});

describe('Dockerfiles', () => {
  it.each(dockerfiles)('%s builds and runs on a maintained Node LTS', (file) => {
    const bases = [...read(file).matchAll(/^FROM node:(\d+)/gm)].map((match) => Number(match[1]));
    expect(bases.length).toBe(2);
    for (const major of bases) expect([22, 24]).toContain(major);
  });

  it.each(dockerfiles)(
    '%s runs as node, with a healthcheck, and installs the pnpm the repository pins',
    (file) => {
      const text = read(file);
      expect(text).toMatch(/^USER node$/m);
      expect(text).toMatch(/^HEALTHCHECK /m);
      const pinned = (JSON.parse(read('package.json')) as { packageManager: string }).packageManager;
      expect(text).toContain(`npm install -g ${pinned}`);
      expect(read('README.md')).toContain(`npm install -g ${pinned}`);
    },
  );
});
