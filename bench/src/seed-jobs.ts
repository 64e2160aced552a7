import type { CreateJobInput, Db } from '@chronos/db';
import { mapConcurrent } from './wait-for.js';

/** Inserts in flight at once: enough to keep the database pool (10 connections) busy. */
const SEED_CONCURRENCY = 16;

/**
 * Creates `count` jobs through the jobs repository (what the API does after validation), not through HTTP:
 * the scenarios that need stored jobs do not measure the API. Returns the new ids in creation order.
 */
export async function seedJobs(
  db: Db,
  count: number,
  makeJob: (index: number) => CreateJobInput,
  onProgress?: (done: number) => void,
): Promise<number[]> {
  let done = 0;
  const indexes = Array.from({ length: count }, (_, index) => index);
  return mapConcurrent(indexes, SEED_CONCURRENCY, async (index) => {
    const job = await db.jobs.create(makeJob(index));
    done += 1;
    if (onProgress && done % 5000 === 0) onProgress(done);
    return job.id;
  });
}

/** A job that starts the pipeline: one CoreHub call per run, no pauses (DESIGN.md §5, pipeline_start). */
export function pipelineStartJob(
  pipelineId: string,
  fields: Partial<CreateJobInput> & Pick<CreateJobInput, 'name' | 'cronExpression'>,
): CreateJobInput {
  return {
    taskType: 'pipeline_start',
    timezoneName: 'UTC',
    pipelineId,
    isCronExpression: true,
    ...fields,
  };
}
