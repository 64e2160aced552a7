import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the top-level `prisma/` folder (schemas + migrations) by walking up from this module, which works
 * from `src/` (dev, tests) and from `dist/` (built) alike. Images must ship `prisma/` next to `packages/`.
 */
export function findPrismaDir(start = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'prisma');
    if (fs.existsSync(path.join(candidate, 'postgresql', 'schema.prisma'))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(`no prisma/postgresql/schema.prisma above ${start}: pass prismaDir to createDb`);
    }
  }
}
