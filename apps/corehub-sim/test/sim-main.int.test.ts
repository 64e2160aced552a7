import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `main.ts` the way other packages do and waits for its one `listening` line. */
async function startMain(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--conditions=@chronos/source', '--import', 'tsx', 'apps/corehub-sim/src/main.ts', ...args],
    { cwd: repoRoot, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`main.ts exited with ${code}`)));
  });
  return {
    child,
    listening: JSON.parse(first) as { event: string; url: string; discoveryPort: number | null },
  };
}

describe('corehub-sim as a process', () => {
  it('prints one listening line, serves the demo fixture and exits 0 on SIGTERM', async () => {
    const { child, listening } = await startMain([], { SIM_DISCOVERY: 'false' });

    expect(listening).toMatchObject({
      event: 'listening',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    expect(listening.discoveryPort).toBeNull();
    const response = await fetch(`${listening.url}/pipelines`, {
      headers: { authorization: 'Bearer sim-viewer-token' },
    });
    expect(((await response.json()) as unknown[]).length).toBe(3);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('generates a large fixture with --generate', async () => {
    const { listening } = await startMain(['--generate', '50', '--entities', '40'], {
      SIM_DISCOVERY: 'true',
      SIM_DISCOVERY_PORT: '0',
    });
    expect(listening.discoveryPort).toEqual(expect.any(Number));
    const headers = { authorization: 'Bearer sim-viewer-token' };

    const pipelines = (await (await fetch(`${listening.url}/pipelines`, { headers })).json()) as Array<{
      id: string;
    }>;
    expect(pipelines).toHaveLength(50);
    const statuses = (await (
      await fetch(`${listening.url}/pipelines/p0050/entities-status`, { headers })
    ).json()) as unknown[];
    expect(statuses).toHaveLength(40);
  });
});
