import { Gauge, type Registry } from 'prom-client';
import { getOrCreateMetric } from './registry.js';
import { withTimeout } from './with-timeout.js';

/** The runs-queue states `chronos_queue_jobs` reports, in the api and the worker alike. */
export const QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueJobState = (typeof QUEUE_JOB_STATES)[number];
export type QueueJobCounts = Partial<Record<QueueJobState, number>>;

/** A scrape never waits longer than this for Redis: a down Redis leaves the last depths in place. */
const QUEUE_COUNT_TIMEOUT_MS = 1000;

export type QueueDepthSource = {
  /** Reads the counts of `states`; undefined while there is no queue to read yet. */
  countJobs(states: readonly QueueJobState[]): Promise<QueueJobCounts> | undefined;
  /** Told when a scrape could not read Redis (the gauge keeps its last values). */
  onReadError?(error: unknown): void;
};

/** `chronos_queue_jobs{state}`, read from Redis on each scrape, defined once per registry. */
export function registerQueueDepths(registry: Registry, source: QueueDepthSource): void {
  getOrCreateMetric(
    registry,
    'chronos_queue_jobs',
    () =>
      new Gauge({
        name: 'chronos_queue_jobs',
        help: 'Jobs in the runs queue by state, read from Redis on each scrape',
        labelNames: ['state'] as const,
        registers: [registry],
        async collect() {
          const reading = source.countJobs(QUEUE_JOB_STATES);
          if (!reading) return;
          try {
            const counts = await withTimeout(reading, QUEUE_COUNT_TIMEOUT_MS);
            for (const state of QUEUE_JOB_STATES) this.set({ state }, counts[state] ?? 0);
          } catch (error) {
            // Redis is down or slow: keep the last values rather than fail the whole scrape; /ready reports it.
            source.onReadError?.(error);
          }
        },
      }),
  );
}
