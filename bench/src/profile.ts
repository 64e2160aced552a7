/**
 * `pnpm --filter @chronos/bench run profile <file.cpuprofile> [top] [skip-ms]`: prints where a profiled
 * process spent its CPU (self time per package, then the busiest functions by inclusive and by self time),
 * leaving out the first `skip-ms` of the profile (start-up).
 */
import fs from 'node:fs';
import { type CpuProfile, summarizeProfile } from './profile-summary.js';

function printSection(title: string, entries: [string, number][], totalMs: number, top: number): void {
  process.stdout.write(`\n${title}\n`);
  for (const [name, ms] of entries.slice(0, top)) {
    const share = ((ms / totalMs) * 100).toFixed(1).padStart(5);
    process.stdout.write(`${share} %  ${ms.toFixed(0).padStart(7)} ms  ${name}\n`);
  }
}

const [file, topText, skipText] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: pnpm --filter @chronos/bench run profile <file.cpuprofile> [top] [skip-ms]\n');
  process.exit(2);
}
const top = Number(topText ?? 25);
const skipMs = Number(skipText ?? 0);
const summary = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, { skipMs });
const skipped = skipMs > 0 ? `, first ${skipMs} ms skipped` : '';
process.stdout.write(`${file}: ${summary.totalMs.toFixed(0)} ms of CPU (idle excluded${skipped})\n`);
printSection('self time by package', summary.byPackage, summary.totalMs, 12);
const inclusive = summary.inclusive.filter(([name]) => !name.startsWith('(root)'));
printSection('inclusive time by function', inclusive, summary.totalMs, top);
printSection('self time by function', summary.self, summary.totalMs, top);
