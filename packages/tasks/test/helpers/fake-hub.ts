import type { CoreHubPort, CoreHubRequest, CoreHubResponse } from '@chronos/corehub/contract';
import { createLogger } from '@chronos/logger';
import type { TaskContext, TaskJob, TaskTiming } from '../../src/task-context.js';

/*
 * The one fake in the task tests: a CoreHubPort that records every call and plays scripted CoreHub answers.
 * The real end-to-end path (worker → recording hub → corehub client → simulator) is tested in the worker.
 */

export type FakeHubScript = {
  /** Successive answers to `GET …/entities-status`; the last one repeats. */
  statuses?: unknown[];
  /** Answer to `GET /pipelines/{p}/entities`. */
  pipelineEntities?: unknown;
  /** Answer to `GET /pipelines/{p}/config/entities`. */
  configEntities?: unknown;
  /**
   * Successive JSON answers per call, keyed `METHOD /path` (query left out); the last one repeats. For the
   * automation endpoints (AI runs, comparisons, the brain job…).
   */
  answers?: Record<string, unknown[]>;
  /** Throws the returned error instead of answering (e.g. a 503 on one command). */
  failWith?: (call: string) => Error | undefined;
  /** Called after each call is recorded (e.g. to abort mid-task). */
  onCall?: (call: string) => void;
};

/** `METHOD /path?k=v&…`, query in the order the task wrote it: the form the assertions use. */
export function formatCall(req: CoreHubRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value !== undefined) params.append(key, String(value));
  }
  const query = params.toString();
  return `${req.method} ${req.path}${query ? `?${query}` : ''}`;
}

export function createFakeHub(script: FakeHubScript = {}) {
  const calls: string[] = [];
  const requests: CoreHubRequest[] = [];
  let statusIndex = 0;
  const answerIndex = new Map<string, number>();
  const answer = (body: unknown): CoreHubResponse => ({
    status: typeof body === 'string' ? 202 : 200,
    body,
    text: typeof body === 'string' ? body : JSON.stringify(body),
    durationMs: 1,
  });
  const hub: CoreHubPort = {
    async send(req) {
      const call = formatCall(req);
      calls.push(call);
      requests.push(req);
      script.onCall?.(call);
      const failure = script.failWith?.(call);
      if (failure) throw failure;
      const scripted = script.answers?.[`${req.method} ${req.path}`];
      if (scripted) {
        const index = answerIndex.get(`${req.method} ${req.path}`) ?? 0;
        answerIndex.set(`${req.method} ${req.path}`, index + 1);
        return answer(scripted[Math.min(index, scripted.length - 1)]);
      }
      if (req.method === 'GET' && req.path.endsWith('/entities-status')) {
        const statuses = script.statuses ?? [[]];
        const body = statuses[Math.min(statusIndex, statuses.length - 1)];
        statusIndex++;
        return answer(body);
      }
      if (req.method === 'GET' && req.path.endsWith('/config/entities'))
        return answer(script.configEntities ?? []);
      if (req.method === 'GET' && req.path.endsWith('/entities'))
        return answer(script.pipelineEntities ?? []);
      return answer('Command received and dispatched to agents');
    },
  };
  return { hub, calls, requests };
}

/** A CoreHub-like failure: what `@chronos/corehub` throws for a non-2xx answer. */
export class FakeHubError extends Error {
  constructor(
    readonly status: number,
    readonly retryable: boolean,
    readonly hubMessage: string,
  ) {
    super(`CoreHub answered ${status}: ${hubMessage}`);
  }
}

export const TEST_TIMING: TaskTiming = {
  entityPauseMs: 2000,
  settlePollIntervalMs: 5000,
  settleTimeoutMs: 60_000,
  aiRun: { intervalMs: 1000, timeoutMs: 120_000 },
  validation: { intervalMs: 2000, timeoutMs: 3_600_000 },
  brainReindex: { intervalMs: 2000, timeoutMs: 3_600_000 },
};

export const BASE_JOB: TaskJob = {
  jobId: 1,
  pipelineId: 'p1',
  entityIds: ['e1'],
  groupIds: [],
  withSnapshot: false,
  snapshotWriteMethod: 'UPSERT',
  taskParams: {},
};

/** A TaskContext whose `sleep` returns at once but records each pause (and honours the signal). */
export function createTestContext(options: {
  hub: CoreHubPort;
  job?: Partial<TaskJob>;
  timing?: Partial<TaskTiming>;
  signal?: AbortSignal;
  attempt?: number;
}) {
  const sleeps: number[] = [];
  const ctx: TaskContext = {
    job: { ...BASE_JOB, ...options.job },
    hub: options.hub,
    logger: createLogger({ service: 'tasks-test', level: 'silent' }),
    signal: options.signal ?? new AbortController().signal,
    attempt: options.attempt ?? 1,
    timing: { ...TEST_TIMING, ...options.timing },
    sleep: async (ms, signal) => {
      signal.throwIfAborted();
      sleeps.push(ms);
    },
  };
  return { ctx, sleeps };
}

/** An entities-status record. */
export function entityStatus(entityId: string, state: Record<string, unknown> = {}) {
  return {
    entityId,
    isSyncActive: false,
    isMigrationActive: false,
    isBusy: false,
    errorState: null,
    ...state,
  };
}
