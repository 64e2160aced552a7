import { parseArgs } from 'node:util';

/** Scenario ids, in the order they run and print. */
export const SCENARIOS = ['burst', 'slow-burst', 'throughput', 'api', 'reconcile', 'footprint'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export type BenchOptions = {
  isQuick: boolean;
  scenarios: ScenarioId[];
  /** Scenario 1: jobs due at the same second. */
  burstJobs: number;
  /** Seconds between the start of seeding and the due instant; undefined = estimated from `burstJobs`. */
  leadSeconds: number | undefined;
  /** Scenario 1b: the simulator's added latency on each tick's CoreHub call. */
  slowCallMs: number;
  /** Scenario 1b: WORKER_CONCURRENCY of every worker (Chronos and baseline), as a user sets it for slow calls. */
  slowConcurrency: number;
  /** Worker processes for scenarios 1 and 2 (Chronos and baseline alike). */
  workers: number;
  /** WORKER_CONCURRENCY of every Chronos worker, and the concurrency of every baseline worker. */
  concurrency: number;
  /** Scenario 2: run-now executions per phase. */
  runs: number;
  /** Scenario 3: jobs stored before the API is loaded. */
  apiJobs: number;
  /** Scenario 3: seconds of load per endpoint and server. */
  durationSeconds: number;
  connections: number;
  /** Scenario 4: enabled-job counts whose schedulers are rebuilt. */
  reconcileSizes: number[];
  /** Scenario 4 baseline: raw upserts kept in flight. */
  upsertsInFlight: number;
  /** LOG_LEVEL of the Chronos processes (production default: info). */
  logLevel: string;
  /** Pause before reading an idle process's RSS, so start-up garbage is not counted. */
  settleMs: number;
  /** Keep the database, Redis keys and logs after the run (for a look at them). */
  isKept: boolean;
  /** Run the Chronos processes under `node --cpu-prof` (profiles kept in the run's work dir). */
  isCpuProfiled: boolean;
};

const FULL = {
  burstJobs: 10_000,
  runs: 2000,
  apiJobs: 10_000,
  durationSeconds: 10,
  reconcileSizes: [10_000, 100_000],
  settleMs: 3000,
};
const QUICK: typeof FULL = {
  burstJobs: 300,
  runs: 300,
  apiJobs: 1000,
  durationSeconds: 2,
  reconcileSizes: [1000, 3000],
  settleMs: 1000,
};

export const USAGE = `pnpm bench [--quick] [flags]

  --quick                 small sizes, whole run under 2 minutes (CI smoke)
  --only LIST             scenarios to run, comma-separated: ${SCENARIOS.join(',')}
  --jobs N                scenario 1: jobs due at the same second       (full ${FULL.burstJobs}, quick ${QUICK.burstJobs})
  --lead S                scenario 1: seconds from seeding to the due instant (default: estimated from --jobs)
  --slow-call-ms MS       scenario 1b: added CoreHub latency per call   (200; same --jobs as scenario 1)
  --slow-concurrency N    scenario 1b: WORKER_CONCURRENCY               (100)
  --workers N             worker processes in scenarios 1 and 2         (3)
  --concurrency N         WORKER_CONCURRENCY, and the baseline workers' (10)
  --runs N                scenario 2: run-now executions per phase      (full ${FULL.runs}, quick ${QUICK.runs})
  --api-jobs N            scenario 3: jobs stored                       (full ${FULL.apiJobs}, quick ${QUICK.apiJobs})
  --duration S            scenario 3: seconds of load per endpoint      (full ${FULL.durationSeconds}, quick ${QUICK.durationSeconds})
  --connections N         scenario 3: concurrent connections            (10)
  --reconcile-sizes LIST  scenario 4: enabled jobs, comma-separated     (full ${FULL.reconcileSizes.join(',')}, quick ${QUICK.reconcileSizes.join(',')})
  --upserts-in-flight N   scenario 4 baseline: raw upserts in flight    (64)
  --log-level LEVEL       LOG_LEVEL of the Chronos processes            (info)
  --settle-ms MS          pause before reading an idle RSS              (full ${FULL.settleMs}, quick ${QUICK.settleMs})
  --keep                  keep the database, Redis keys and process logs
  --cpu-prof              profile the Chronos processes (node --cpu-prof; kept with the logs)
  --help
`;

/** Thrown for a bad command line; main prints the message and the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function parseCount(flag: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new UsageError(`--${flag} expects an integer ≥ ${min}, got "${value}"`);
  }
  return parsed;
}

function parseList(flag: string, value: string): number[] {
  return value.split(',').map((item) => parseCount(flag, item.trim()) as number);
}

function parseScenarios(value: string | undefined): ScenarioId[] {
  if (value === undefined) return [...SCENARIOS];
  const wanted = value.split(',').map((item) => item.trim());
  for (const item of wanted) {
    if (!(SCENARIOS as readonly string[]).includes(item)) {
      throw new UsageError(`--only: unknown scenario "${item}" (known: ${SCENARIOS.join(', ')})`);
    }
  }
  return SCENARIOS.filter((id) => wanted.includes(id));
}

/** Reads the command line; `--quick` changes the defaults, explicit flags still win. Null for `--help`. */
export function parseBenchOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      jobs: { type: 'string' },
      lead: { type: 'string' },
      'slow-call-ms': { type: 'string' },
      'slow-concurrency': { type: 'string' },
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      runs: { type: 'string' },
      'api-jobs': { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'reconcile-sizes': { type: 'string' },
      'upserts-in-flight': { type: 'string' },
      'log-level': { type: 'string' },
      'settle-ms': { type: 'string' },
      keep: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const defaults = values.quick ? QUICK : FULL;
  const logLevel = values['log-level'] ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new UsageError(`--log-level: "${logLevel}" is not a pino level`);
  }
  return {
    isQuick: values.quick,
    scenarios: parseScenarios(values.only),
    burstJobs: parseCount('jobs', values.jobs) ?? defaults.burstJobs,
    leadSeconds: parseCount('lead', values.lead),
    slowCallMs: parseCount('slow-call-ms', values['slow-call-ms'], 0) ?? 200,
    slowConcurrency: parseCount('slow-concurrency', values['slow-concurrency']) ?? 100,
    workers: parseCount('workers', values.workers) ?? 3,
    concurrency: parseCount('concurrency', values.concurrency) ?? 10,
    runs: parseCount('runs', values.runs) ?? defaults.runs,
    apiJobs: parseCount('api-jobs', values['api-jobs']) ?? defaults.apiJobs,
    durationSeconds: parseCount('duration', values.duration) ?? defaults.durationSeconds,
    connections: parseCount('connections', values.connections) ?? 10,
    reconcileSizes: values['reconcile-sizes']
      ? parseList('reconcile-sizes', values['reconcile-sizes'])
      : defaults.reconcileSizes,
    upsertsInFlight: parseCount('upserts-in-flight', values['upserts-in-flight']) ?? 64,
    logLevel,
    settleMs: parseCount('settle-ms', values['settle-ms'], 0) ?? defaults.settleMs,
    isKept: values.keep,
    isCpuProfiled: values['cpu-prof'],
  };
}
