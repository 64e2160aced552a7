import type { SqlDriverAdapter, SqlQuery } from '@prisma/driver-adapter-utils';

export type AdapterOverrides = {
  /** Runs after the wrapped adapter has been disposed (e.g. drop a shadow database). */
  afterDispose?: () => Promise<void>;
  /** Replaces executeRaw (the original is passed in). */
  executeRaw?: (query: SqlQuery, original: SqlDriverAdapter) => Promise<number>;
};

/**
 * Delegates every call to `adapter`, with an idempotent dispose and optional overrides. Delegation (not
 * prototype tricks) because adapters keep state in `#private` fields.
 */
export function wrapAdapter(
  adapter: SqlDriverAdapter,
  overrides: AdapterOverrides,
  onDispose: (wrapped: SqlDriverAdapter) => void,
): SqlDriverAdapter {
  let disposed = false;
  const wrapped: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) =>
      overrides.executeRaw ? overrides.executeRaw(query, adapter) : adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    ...(adapter.getConnectionInfo ? { getConnectionInfo: () => adapter.getConnectionInfo!() } : {}),
    async dispose() {
      if (disposed) return;
      disposed = true;
      onDispose(wrapped);
      try {
        await adapter.dispose();
      } finally {
        await overrides.afterDispose?.();
      }
    },
  };
  return wrapped;
}
