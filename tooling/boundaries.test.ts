import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * `pnpm check` runs dependency-cruiser with the repository's rules (.dependency-cruiser.cjs). This test adds
 * deliberate violations to the tree (files named for this run, removed afterwards), cruises only them and
 * expects each rule to name its violation: a rule that stopped matching fails here, not silently in CI.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const tag = `zz-boundary-${randomUUID().slice(0, 8)}`;
const written: string[] = [];

async function put(relative: string, text: string): Promise<string> {
  await writeFile(path.join(ROOT, relative), text);
  written.push(relative);
  return relative;
}

async function violatedRules(files: string[]): Promise<Array<{ rule: string; from: string; to: string }>> {
  const bin = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
  const args = [...files, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
  const { stdout } = await promisify(execFile)(bin, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).catch(
    // depcruise exits non-zero when it finds violations; the report is still on stdout.
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const report = JSON.parse(stdout) as {
    summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
  };
  return report.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

afterAll(async () => {
  await Promise.all(written.map((file) => rm(path.join(ROOT, file), { force: true })));
});

describe('package boundaries', () => {
  it('names a cycle, an I/O import into a pure package, and a relative import into another package', async () => {
    const a = await put(
      `packages/schedule/src/${tag}-a.ts`,
      `import './${tag}-b.js';\nexport const a = 1;\n`,
    );
    const b = await put(
      `packages/schedule/src/${tag}-b.ts`,
      `import './${tag}-a.js';\nimport { Queue } from 'bullmq';\nexport const b = Queue;\n`,
    );
    const c = await put(
      `apps/api/src/${tag}-c.ts`,
      "import type { Setting } from '../../../packages/db/src/types.js';\nexport type C = Setting;\n",
    );
    const violations = await violatedRules([a, b, c]);
    const rules = new Set(violations.map((v) => v.rule));
    expect(rules).toContain('no-circular');
    expect(rules).toContain('schedule-is-pure');
    expect(rules).toContain('no-relative-import-into-another-package');
    expect(violations.find((v) => v.rule === 'schedule-is-pure')?.to).toMatch(/bullmq/);
  }, 60_000);

  it('names an import of a package the importer does not declare, and an app imported by a package', async () => {
    const d = await put(`packages/jobs/src/${tag}-d.ts`, "export { startApi } from '@chronos/api';\n");
    const e = await put(
      `packages/jobs/src/${tag}-e.ts`,
      "export { createApp } from '../../../apps/api/src/app.js';\n",
    );
    const rules = new Set((await violatedRules([d, e])).map((v) => v.rule));
    expect(rules).toContain('no-unresolvable');
    expect(rules).toContain('packages-never-import-apps');
  }, 60_000);
});
