import { collectDefaultMetrics, type Metric, type Registry } from 'prom-client';

/**
 * The metric called `name` in `registry`, created by `create` on first use. In single-process mode
 * (`chronos start`) the API and the worker share one registry and both define some series (queue depths,
 * Node defaults): the first definition wins and the other part reuses it instead of failing on a duplicate.
 */
export function getOrCreateMetric<T extends Metric>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** A series every default collection defines: present means the Node defaults are already registered. */
const DEFAULT_METRICS_MARKER = 'process_cpu_user_seconds_total';

/** Node's default process metrics (CPU, memory, event loop), once per registry. */
export function ensureDefaultMetrics(registry: Registry): void {
  if (!registry.getSingleMetric(DEFAULT_METRICS_MARKER)) collectDefaultMetrics({ register: registry });
}
