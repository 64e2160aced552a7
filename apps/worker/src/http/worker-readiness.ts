import type { ConnectionStatus } from '@chronos/corehub';
import { type CheckResult, probe } from '@chronos/metrics';
import type { RedisConnection } from '@chronos/queue';
import { pingRedis } from '@chronos/queue';

/** What `/ready` answers: every dependency the worker needs to run a task. */
export type ReadinessReport = {
  isReady: boolean;
  checks: { database: CheckResult; redis: CheckResult; corehub: ConnectionStatus };
};

export type ReadinessSources = {
  pingDatabase(): Promise<unknown>;
  /** The runtime's Redis connection, once it exists (undefined before the runtime started: not ready). */
  redis(): RedisConnection | undefined;
  /** The CoreHub module connection's status. */
  corehubStatus(): ConnectionStatus;
};

/**
 * Ready = the database answers, Redis answers PING (1 s bound) and the CoreHub module connection holds a
 * token. A worker that is not ready keeps running (BullMQ and the CoreHub client reconnect on their own);
 * the report is for the orchestrator and the operator.
 */
export async function checkReadiness(sources: ReadinessSources): Promise<ReadinessReport> {
  const redis = sources.redis();
  const [database, isRedisUp] = await Promise.all([
    probe(sources.pingDatabase),
    redis ? pingRedis(redis) : Promise.resolve(false),
  ]);
  const corehub = sources.corehubStatus();
  return {
    isReady: database === 'up' && isRedisUp && corehub === 'connected',
    checks: { database, redis: isRedisUp ? 'up' : 'down', corehub },
  };
}
