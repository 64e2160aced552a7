import type { JournalEntry } from '@chronos/corehub-sim';
import type { CreateJobInput } from '@chronos/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHarness, ENTITIES, type Harness, PIPELINE } from './helpers/harness.js';

/*
 * The five automation task types end to end: worker → recording hub → corehub client → simulator. The
 * simulator's runs report RUNNING for `runPolls` reads (2 by default) and then end as `runOutcome` says;
 * the worker polls every 0.05 s for at most 0.5 s, so a run of 1000 polls outlives the bound.
 */

const [E1] = ENTITIES;
type JobInput = Partial<CreateJobInput> & Pick<CreateJobInput, 'taskType'>;

const JOBS: Record<string, JobInput> = {
  query_studio: {
    taskType: 'query_studio',
    pipelineId: PIPELINE,
    taskParams: { agentId: 'job-agent', querySql: 'select 1', savedQueryId: 'sq-orders' },
  },
  ai_agent_run: { taskType: 'ai_agent_run', taskParams: { agentAlias: 'ops-summary', agentInput: { a: 1 } } },
  entity_validate: {
    taskType: 'entity_validate',
    pipelineId: PIPELINE,
    entityIds: [E1],
    taskParams: { validationReconcile: true },
  },
  brain_reindex: { taskType: 'brain_reindex' },
  visualize_refresh: {
    taskType: 'visualize_refresh',
    taskParams: { vizId: 'viz-sales', visualizeParameters: { region: 'eu' } },
  },
};

/** `METHOD path` of each call, the same read repeated folded into `×n`. */
function calls(journal: JournalEntry[]): string[] {
  const out: string[] = [];
  for (const entry of journal) {
    if (entry.kind !== 'http' || entry.path.startsWith('/__sim')) continue;
    const call = `${entry.method} ${entry.path}`;
    const last = out.at(-1);
    if (entry.method === 'GET' && last?.startsWith(call)) {
      const count = Number(last.split(' ×')[1] ?? 1) + 1;
      out[out.length - 1] = `${call} ×${count}`;
    } else out.push(call);
  }
  return out;
}

const EXPECTED: Record<string, string[]> = {
  // The saved query's live agent (qs-agent-1) wins over the job's copy.
  query_studio: [
    'GET /query-studio/saved-queries/sq-orders',
    `POST /query-studio/pipelines/${PIPELINE}/agents/qs-agent-1/execute`,
  ],
  ai_agent_run: ['POST /api/ai/v1/agents/ops-summary/runs', 'GET /api/ai/v1/runs/run-1 ×3'],
  // 3 rows only in the source: reconciled, so the run succeeds.
  entity_validate: [
    'POST /data-comparison/runs',
    'GET /data-comparison/runs/cmp-1 ×3',
    'POST /data-comparison/runs/cmp-1/reconciliation',
  ],
  brain_reindex: ['GET /api/ai/v1/brain/job', 'POST /api/ai/v1/brain/job', 'GET /api/ai/v1/brain/job ×3'],
  visualize_refresh: ['POST /visualize/refresh'],
};

const FAILURES: Record<string, RegExp> = {
  query_studio: /^Query Studio reported a failed query: .*does not exist/,
  ai_agent_run: /^AI run run-1 of agent ops-summary ended FAILED: agent ops-summary raised an error$/,
  entity_validate: new RegExp(`^Validation of entity ${E1} failed: source agent unreachable$`),
  brain_reindex: /^the enterprise brain reindex failed: embedding service unavailable$/,
};

describe('automation task types against the simulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
    await harness.startRuntime({
      env: {
        AI_RUN_POLL_INTERVAL_SECONDS: '0.05',
        AI_RUN_TIMEOUT_SECONDS: '0.5',
        VALIDATION_POLL_INTERVAL_SECONDS: '0.05',
        VALIDATION_TIMEOUT_SECONDS: '0.5',
        BRAIN_REINDEX_POLL_INTERVAL_SECONDS: '0.2',
        BRAIN_REINDEX_TIMEOUT_SECONDS: '1',
      },
    });
  });
  afterAll(() => harness.close());

  async function run(input: JobInput) {
    const job = await harness.createJob(input);
    return harness.waitForFinal((await harness.runNow(job)).id);
  }

  test.each(Object.keys(JOBS))('%s makes its CoreHub calls in order and succeeds', async (taskType) => {
    harness.sim.reset();
    harness.sim.configure({ comparisonDifferences: 3 });
    const finished = await run(JOBS[taskType] as JobInput);
    expect(finished.error).toBeNull();
    expect(finished.status).toBe('succeeded');
    const journal = harness.sim.journal({ kind: 'http' }).filter((entry) => !entry.path.startsWith('/__sim'));
    expect(calls(journal)).toEqual(EXPECTED[taskType]);
    expect(finished.steps.map((step) => `${step.method} ${step.path.split('?')[0]}`)).toEqual(
      journal.map((entry) => `${entry.method} ${entry.path}`),
    );
    expect((await harness.db.jobs.get(finished.jobId)).lastErrorMessage).toBeNull();
  });

  test.each(Object.keys(FAILURES))('%s fails, once, with the reason CoreHub gave', async (taskType) => {
    harness.sim.reset();
    harness.sim.configure({ runOutcome: 'fail' });
    const finished = await run(JOBS[taskType] as JobInput);
    expect(finished.status).toBe('failed');
    expect(finished.attempt).toBe(1);
    expect(finished.error).toMatch(FAILURES[taskType] as RegExp);
  });

  test('visualize_refresh fails on an unknown visualization without retrying', async () => {
    harness.sim.reset();
    const finished = await run({ taskType: 'visualize_refresh', taskParams: { vizId: 'viz-gone' } });
    expect(finished.status).toBe('failed');
    expect(finished.error).toMatch(/404.*viz-gone not found/);
    expect(calls(harness.sim.journal({ kind: 'http' }))).toEqual(['POST /visualize/refresh']);
  });

  test.each(['ai_agent_run', 'entity_validate', 'brain_reindex'])(
    '%s stops polling at its bound and fails without starting another run',
    async (taskType) => {
      harness.sim.reset();
      harness.sim.configure({ runPolls: 1000 });
      const finished = await run(JOBS[taskType] as JobInput);
      expect(finished.status).toBe('failed');
      expect(finished.attempt).toBe(1);
      expect(finished.error).toMatch(/still (RUNNING|CREATING) after/);
      const starts = calls(harness.sim.journal({ kind: 'http' })).filter((call) => call.startsWith('POST'));
      expect(starts).toHaveLength(1);
      // interval 0.05 s for 0.5 s: 11 reads of the run (brain: 0.2 s for 1 s, 6 reads after the one before), then it gives up.
      const reads = finished.steps.filter((step) => step.method === 'GET').length;
      expect(reads).toBe(taskType === 'brain_reindex' ? 7 : 11);
    },
  );
});
