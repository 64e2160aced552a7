/**
 * Where a process spent its CPU, from a V8 `.cpuprofile` (`pnpm bench --cpu-prof`): self and inclusive time
 * per function (a function counts once per sample however deep it recurses) and self time per package.
 */

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** `packages/schedule`, `bullmq`, `node:internal`…: who owns the code at `url`. */
export function packageOf(url: string): string {
  if (url === '') return '(native / idle / gc)';
  if (url.startsWith('node:')) return 'node';
  const pnpm = /node_modules\/\.pnpm\/([^/]+)\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pnpm?.[2]) return pnpm[2];
  const workspace = /\/((?:packages|apps|bench)\/[^/]+|bench)\//.exec(url);
  return workspace?.[1] ?? url;
}

function describeFrame(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/(node_modules\/\.pnpm\/[^/]+\/node_modules\/)/, '');
  const short = file.replace(/^.*\/work\/main\//, '');
  return `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
}

export type ProfileSummary = {
  totalMs: number;
  inclusive: [string, number][];
  self: [string, number][];
  byPackage: [string, number][];
};

/** Self and inclusive milliseconds per function, and self milliseconds per package, busiest first. */
export function summarizeProfile(
  profile: CpuProfile,
  options: { skipMs?: number; ignoreIdle?: boolean } = {},
): ProfileSummary {
  const { skipMs = 0, ignoreIdle = true } = options;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalMs = 0;
  let elapsedMs = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    elapsedMs += ms;
    // Start-up (module loading under tsx) is not what a scenario measures: `skipMs` leaves it out.
    if (!node || elapsedMs < skipMs) return;
    if (ignoreIdle && ['(idle)', '(program)'].includes(node.callFrame.functionName)) return;
    totalMs += ms;
    const frame = describeFrame(node);
    self.set(frame, (self.get(frame) ?? 0) + ms);
    const owner = packageOf(node.callFrame.url);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + ms);
    const seen = new Set<string>();
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
      const current = byId.get(cursor);
      if (!current) break;
      const key = describeFrame(current);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  });
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return { totalMs, inclusive: sorted(inclusive), self: sorted(self), byPackage: sorted(byPackage) };
}
