import fs from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node's `mkdirSync(dir, { recursive: true })` loops forever when the
 * kernel answers ENOENT for a parent that exists (e.g. under /proc), which would hang start-up on a bad
 * DB_URL; creating each missing level ourselves fails fast with the system's error instead.
 */
export function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = path.resolve(dir); !fs.existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const level of missing) fs.mkdirSync(level);
}
