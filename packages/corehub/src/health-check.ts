/**
 * The periodic health probe (reference §5.5, test_health_check): `GET /authentication/me` with the module
 * token. 200 → healthy; 401/403 or a network error → force a reconnect (fresh token); 5xx/other → log only,
 * since reconnecting would not help a hub that is up but failing. Without a token the probe does not call
 * the hub; if no attempt is running it starts one, so a client whose loop stopped on a fatal error retries
 * at the probe's pace instead of never.
 */
import type { Logger } from '@chronos/logger';
import type { CoreHubResponse } from './contract/port.js';
import { CoreHubError } from './corehub-error.js';
import type { ModuleConnection } from './module-connection.js';

export type HealthCheckResult =
  | { outcome: 'healthy'; status: number; durationMs: number }
  | { outcome: 'reconnecting'; reason: string }
  | { outcome: 'degraded'; status: number }
  | { outcome: 'skipped'; reason: string };

export type HealthCheckDeps = {
  connection: ModuleConnection;
  logger: Logger;
  probe: (token: string) => Promise<CoreHubResponse>;
};

/** Runs one probe and acts on it. Never throws for hub trouble: the result says what happened. */
export async function runHealthCheck(deps: HealthCheckDeps): Promise<HealthCheckResult> {
  const { connection, logger } = deps;
  const token = connection.currentToken();
  if (!token) {
    if (connection.state().status === 'disconnected' && !connection.isClosed()) {
      connection
        .connect()
        .catch((error) => logger.warn({ err: error }, 'corehub reconnect from health probe failed'));
    }
    return { outcome: 'skipped', reason: 'no module token' };
  }
  let reason: string;
  try {
    const response = await deps.probe(token);
    if (response.status >= 200 && response.status < 300) {
      return { outcome: 'healthy', status: response.status, durationMs: response.durationMs };
    }
    if (response.status !== 401 && response.status !== 403) {
      logger.warn({ status: response.status }, 'corehub health probe answered with an error');
      return { outcome: 'degraded', status: response.status };
    }
    reason = `health probe answered ${response.status}`;
  } catch (error) {
    if (!(error instanceof CoreHubError)) throw error;
    reason = `health probe failed: ${error.message}`;
  }
  logger.warn({ reason }, 'corehub health probe failed; reconnecting');
  connection.forceReconnect(token).catch((error) => logger.error({ err: error }, 'corehub reconnect failed'));
  return { outcome: 'reconnecting', reason };
}
