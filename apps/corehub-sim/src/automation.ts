/**
 * The simulated automation services (reference §9): AI agent runs, data comparisons, the enterprise brain
 * job, saved Query Studio queries and Visualize. Each run Chronos starts reports itself in progress for
 * `behaviour.runPolls` reads, then ends the way `behaviour.runOutcome` says, so tests can drive success,
 * failure and a run that outlives Chronos's polling bound (a large `runPolls`).
 */
import type { SimState } from './sim-state.js';

type Countdown = { pollsLeft: number; outcome: 'succeed' | 'fail' };
type AiRun = Countdown & { id: string; agentAlias: string };
type Comparison = Countdown & { jobId: string; pipelineId: string; entityId: string; differences: number };
type Brain = { status: 'IDLE' | 'CREATING' | 'READY' | 'FAILED'; generation: number; countdown?: Countdown };

/** A saved query every simulator serves (reference shape: the SQL and agent may sit under `data`). */
export const SAVED_QUERIES: Record<string, { querySql: string; agentId: string }> = {
  'sq-orders': { querySql: 'select count(*) from orders', agentId: 'qs-agent-1' },
};
/** The visualizations Visualize knows; any other id answers 404. */
export const VISUALIZATIONS = ['viz-sales', 'viz-orders'];

/** One read of a run: in progress while polls are left, then ended. */
function tick(countdown: Countdown): 'running' | 'succeed' | 'fail' {
  if (countdown.pollsLeft > 0) {
    countdown.pollsLeft -= 1;
    return 'running';
  }
  return countdown.outcome;
}

export class SimAutomation {
  private aiRuns = new Map<string, AiRun>();
  private comparisons = new Map<string, Comparison>();
  private brain: Brain = { status: 'READY', generation: 1 };
  private sequence = 0;

  constructor(private readonly state: SimState) {}

  clear(): void {
    this.aiRuns.clear();
    this.comparisons.clear();
    this.brain = { status: 'READY', generation: 1 };
    this.sequence = 0;
  }

  private countdown(): Countdown {
    return { pollsLeft: this.state.behaviour.runPolls, outcome: this.state.behaviour.runOutcome };
  }

  startAiRun(agentAlias: string): { id: string; status: string } {
    const run: AiRun = { id: `run-${++this.sequence}`, agentAlias, ...this.countdown() };
    this.aiRuns.set(run.id, run);
    return { id: run.id, status: 'QUEUED' };
  }

  readAiRun(id: string): { id: string; status: string; error?: string } | undefined {
    const run = this.aiRuns.get(id);
    if (!run) return undefined;
    const now = tick(run);
    if (now === 'running') return { id, status: 'RUNNING' };
    return now === 'succeed'
      ? { id, status: 'SUCCEEDED' }
      : { id, status: 'FAILED', error: `agent ${run.agentAlias} raised an error` };
  }

  startComparison(
    pipelineId: string,
    entityId: string,
  ): { jobId: string; status: string; startedAt: string } {
    const comparison: Comparison = {
      jobId: `cmp-${++this.sequence}`,
      pipelineId,
      entityId,
      differences: this.state.behaviour.comparisonDifferences,
      ...this.countdown(),
    };
    this.comparisons.set(comparison.jobId, comparison);
    return { jobId: comparison.jobId, status: 'PENDING', startedAt: new Date().toISOString() };
  }

  readComparison(jobId: string) {
    const run = this.comparisons.get(jobId);
    if (!run) return undefined;
    const now = tick(run);
    if (now === 'running') return { jobId, status: 'RUNNING' };
    if (now === 'fail') {
      return {
        jobId,
        status: 'FAILED',
        errorCode: 'AGENT_UNREACHABLE',
        errorMessage: 'source agent unreachable',
      };
    }
    return {
      jobId,
      status: 'COMPLETED',
      sourceRowsScanned: 100 + run.differences,
      targetRowsScanned: 100,
      missingInSourceCount: 0,
      missingInTargetCount: run.differences,
      rowMismatchesCount: 0,
      schemaDifferencesCount: 0,
    };
  }

  reconcile(jobId: string) {
    const run = this.comparisons.get(jobId);
    if (!run) return undefined;
    const inserted = run.differences;
    run.differences = 0;
    return { jobId, insertedCount: inserted, deletedCount: 0, updatedCount: 0, skippedCount: 0 };
  }

  /** A brain reindex: CREATING with the next generation until its countdown ends. */
  startBrain() {
    this.brain = { status: 'CREATING', generation: this.brain.generation + 1, countdown: this.countdown() };
    return this.brainJob();
  }

  readBrain() {
    if (this.brain.status === 'CREATING' && this.brain.countdown) {
      const now = tick(this.brain.countdown);
      if (now !== 'running')
        this.brain = { status: now === 'succeed' ? 'READY' : 'FAILED', generation: this.brain.generation };
    }
    return this.brainJob();
  }

  private brainJob() {
    const { status, generation } = this.brain;
    const tables = this.state
      .snapshot()
      .pipelines.reduce((sum, pipeline) => sum + pipeline.entities.length, 0);
    return {
      status,
      generation,
      message:
        status === 'FAILED'
          ? 'embedding service unavailable'
          : status === 'READY'
            ? 'Enterprise brain is ready.'
            : null,
      tablesSeen: status === 'READY' ? tables : 0,
      edgesSeen: status === 'READY' ? tables * 2 : 0,
    };
  }
}
