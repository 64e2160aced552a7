import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@chronos/source` export condition,
// so tests never need a build first.
const conditions = ['@chronos/source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  // Vitest passes ssr.resolve.conditions to the test processes as `node --conditions`: 'import' there would
  // make require() of dual packages load their ESM build (pg → pg-pool becomes a namespace, not a class).
  ssr: {
    resolve: {
      conditions: conditions.filter((condition) => condition !== 'import'),
      externalConditions: ['@chronos/source'],
    },
  },
  test: {
    reporters: ['default', './tooling/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            'bench/src/**/*.test.ts',
            'tooling/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          sequence: { groupOrder: 1 },
          include: ['packages/*/test/**/*.int.test.ts', 'apps/*/test/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
    ],
  },
});
