/**
 * Package boundaries (ARCHITECTURE.md): `pnpm check` runs `depcruise` with these rules on apps/, packages/
 * and bench/. Type-only imports count: a type cycle is still a cycle for a reader.
 */
const TEST_FILE = '(\\.test\\.ts$|/test/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other, directly or through others: split the shared part out.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import nothing resolves to (or a deep path a package.json `exports` does not offer).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-relative-import-into-another-package',
      severity: 'error',
      comment: 'Import another workspace package by its name and exports, never by a relative path.',
      from: { path: '^(apps|packages)/([^/]+)/', pathNot: '^packages/corehub/test/' },
      to: { dependencyTypes: ['local'], path: '^(apps|packages)/', pathNot: '^$1/$2/' },
    },
    {
      name: 'no-deep-import',
      severity: 'error',
      comment:
        'Only what a package exports may be imported (`@chronos/x`, `@chronos/x/<subpath>`), not its files.',
      from: {},
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'aliased-workspace', 'aliased'],
        path: '^(apps|packages)/[^/]+/src/.+/',
        pathNot: '^packages/(corehub/src/contract|db/src/testing)/index\\.ts$',
      },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      comment: 'Packages are the lower layer: an app may import a package, never the other way round.',
      // Tests of the CoreHub client run against the simulator (a workspace dependency would be a cycle: the
      // simulator speaks the client's contract).
      from: { path: '^packages/', pathNot: '^packages/corehub/test/' },
      to: { path: '^apps/' },
    },
    {
      name: 'console-sees-the-api-through-its-client',
      severity: 'error',
      comment: 'The browser console talks to the api over HTTP only, typed by the generated client.',
      from: { path: '^apps/console/src/' },
      to: { path: '^(apps|packages)/', pathNot: '^(apps/console/|packages/api-client/)' },
    },
    {
      name: 'api-and-worker-stay-apart',
      severity: 'error',
      comment: 'The api and the worker share only packages.',
      from: { path: '^apps/(api|worker)/' },
      to: { path: '^apps/(api|worker)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'simulator-only-in-tests-and-cli',
      severity: 'error',
      comment: 'The CoreHub simulator is a stand-in: production code of the api and worker never loads it.',
      from: { path: '^apps/(api|worker)/src/', pathNot: TEST_FILE },
      to: { path: '^apps/corehub-sim/' },
    },
    {
      name: 'tasks-see-corehub-through-the-contract-only',
      severity: 'error',
      comment:
        'Tasks know CoreHub by its contract and one port; never the database, the queue or the client.',
      from: { path: '^packages/tasks/src/', pathNot: TEST_FILE },
      to: {
        path: '^(packages/(db|queue|auth|config|jobs)/|packages/corehub/src/(?!contract/)|node_modules/(\\.pnpm/)?(bullmq|ioredis|@prisma)[@/+])',
      },
    },
    {
      name: 'schedule-is-pure',
      severity: 'error',
      comment: 'Time maths only: no I/O package and no other Chronos package but errors.',
      from: { path: '^packages/schedule/src/', pathNot: TEST_FILE },
      to: {
        path: '^(packages/(?!schedule/|errors/)|node_modules/(\\.pnpm/)?(bullmq|ioredis|express|pino|pg|better-sqlite3|@prisma)[@/+])',
      },
    },
    {
      name: 'jobs-is-pure',
      severity: 'error',
      comment: 'The domain model imports only schedule, errors and the CoreHub contract types.',
      from: { path: '^packages/jobs/src/', pathNot: TEST_FILE },
      to: {
        path: '^(packages/(?!jobs/|schedule/|errors/|corehub/src/contract/)|node_modules/(?!(\\.pnpm/)?(zod|vitest)[@/]))',
      },
    },
    {
      name: 'contract-is-zod-only',
      severity: 'error',
      comment: 'The CoreHub wire contract has no I/O: the client, the tasks and the simulator share it.',
      from: { path: '^packages/corehub/src/contract/', pathNot: TEST_FILE },
      to: {
        path: '^(packages/(?!corehub/src/contract/)|packages/corehub/src/(?!contract/)|node_modules/(?!(\\.pnpm/)?(zod|vitest)[@/]))',
        dependencyTypesNot: ['core'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Our own build output and Prisma's generated client; a dependency's dist/ is still seen (and not followed).
    exclude: { path: '^(apps|packages)/[^/]+/(dist|coverage|src/generated)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@chronos/source', 'import', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
