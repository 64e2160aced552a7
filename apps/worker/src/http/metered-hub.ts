import {
  CoreHubAuthError,
  CoreHubHttpError,
  CoreHubNetworkError,
  CoreHubTimeoutError,
} from '@chronos/corehub';
import type { CoreHubPortWithLifecycle } from '../runtime.js';
import type { WorkerMetrics } from './worker-metrics.js';

/** The `outcome` label of a failed CoreHub request, and its HTTP status when CoreHub answered. */
export function describeHubFailure(error: unknown): { outcome: string; status: number | undefined } {
  const status = (error as { status?: unknown } | null)?.status;
  const httpStatus = typeof status === 'number' ? status : undefined;
  if (error instanceof CoreHubHttpError) return { outcome: 'http_error', status: httpStatus };
  if (error instanceof CoreHubAuthError) return { outcome: 'auth_error', status: httpStatus };
  if (error instanceof CoreHubTimeoutError) return { outcome: 'timeout', status: undefined };
  if (error instanceof CoreHubNetworkError) {
    // A caller's abort (execution timeout, shutdown) is not CoreHub's failure.
    const isAborted = error.code === 'COREHUB_ABORTED';
    return { outcome: isAborted ? 'aborted' : 'network_error', status: undefined };
  }
  return { outcome: 'error', status: httpStatus };
}

/**
 * The runtime's CoreHub client with every `send` (the calls tasks make) counted in
 * `chronos_corehub_requests_total`. Connection lifecycle calls pass straight through.
 */
export function createMeteredHub(
  hub: CoreHubPortWithLifecycle,
  metrics: Pick<WorkerMetrics, 'observeCoreHubRequest'>,
) {
  const metered: CoreHubPortWithLifecycle = {
    async send(req) {
      try {
        const response = await hub.send(req);
        metrics.observeCoreHubRequest(req.method, 'success', response.status);
        return response;
      } catch (error) {
        const { outcome, status } = describeHubFailure(error);
        metrics.observeCoreHubRequest(req.method, outcome, status);
        throw error;
      }
    },
    connect: () => hub.connect(),
    close: () => hub.close(),
  };
  return metered;
}
