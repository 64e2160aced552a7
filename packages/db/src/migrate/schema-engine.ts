import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorCapturingSqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type { ClosableMigrationFactory } from './pg-migration-factory.js';

type EngineModule = { SchemaEngine: typeof SchemaEngine };

/** The slice of the WebAssembly global we use (the ES2023 lib without DOM does not declare it). */
type WasmApi = {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};
const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WasmApi };

let engineModule: Promise<EngineModule> | undefined;

/**
 * Loads @prisma/schema-engine-wasm once per process. Its entry does `import * as wasm from "./….wasm"`,
 * which Node 20 cannot import, so we instantiate the module ourselves with the JS glue as its import
 * object (DESIGN.md §8). The glue keeps the instance in module state: one instance serves every engine.
 */
export function loadSchemaEngine(): Promise<EngineModule> {
  engineModule ??= instantiate();
  return engineModule;
}

async function instantiate(): Promise<EngineModule> {
  installPanicRegistry();
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineModule & {
    __wbg_set_wasm(exports: Record<string, unknown>): void;
  };
  const bytes = fs.readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': withUnrefTimers(glue) });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

/**
 * The engine arms timers it never clears (a 10 s guard on every applyMigrations), which kept each process
 * that migrated alive ~10 s after its work was done. Its timers are unref'd: while the engine works, its
 * database connections keep the process alive anyway.
 */
function withUnrefTimers(glue: object): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(glue)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    imports[name] = (...args: unknown[]) => {
      const timer = value(...args) as { unref?: () => void } | undefined;
      timer?.unref?.();
      return timer;
    };
  }
  return imports;
}

/** The engine reports Rust panics through this global before throwing; it must exist first. */
function installPanicRegistry(): void {
  const holder = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown };
  if (holder.PRISMA_WASM_PANIC_REGISTRY) return;
  let message = '';
  holder.PRISMA_WASM_PANIC_REGISTRY = {
    get: () => message,
    set_message: (value: string) => {
      message = `RuntimeError: ${value}`;
    },
  };
}

export type OpenEngine = {
  engine: SchemaEngine;
  /** Turns an engine failure into an Error with the database's own message (see explainEngineError). */
  explain(error: unknown): Error;
  close(): Promise<void>;
};

/**
 * Starts a schema engine over `factory` for one command. `close()` frees the engine and ends every
 * connection the factory opened (shadow databases included).
 */
export async function openSchemaEngine(options: {
  schemaPath: string;
  factory: ClosableMigrationFactory;
  onLog?: (message: string) => void;
}): Promise<OpenEngine> {
  const { SchemaEngine: Engine } = await loadSchemaEngine();
  const bound = bindMigrationAwareSqlAdapterFactory(options.factory);
  const schema = fs.readFileSync(options.schemaPath, 'utf8');
  const log = (message: string) => options.onLog?.(message);
  const explain = (error: unknown) => explainEngineError(error, bound);
  let engine: SchemaEngine;
  try {
    engine = await Engine.new({ datamodels: [[options.schemaPath, schema]] }, log, bound);
  } catch (error) {
    await options.factory.closeAll();
    throw explain(error);
  }
  return {
    engine,
    explain,
    async close() {
      engine.free();
      await options.factory.closeAll();
    },
  };
}

/**
 * Engine errors that came from the driver say only `External error id#N`; the real error sits in the
 * bound factory's registry under N. Returns that error when there is one, else the engine's own.
 */
export function explainEngineError(
  error: unknown,
  bound: Pick<ErrorCapturingSqlMigrationAwareDriverAdapterFactory, 'errorRegistry'>,
): Error {
  const message = error instanceof Error ? error.message : String(error);
  const id = /External error id#(\d+)/.exec(message)?.[1];
  const registered = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
  if (registered !== undefined) {
    const inner = registered instanceof Error ? registered : new Error(String(registered));
    const cause = (inner as { cause?: { originalMessage?: string; message?: string } }).cause;
    const text = cause?.originalMessage ?? cause?.message ?? inner.message;
    return Object.assign(new Error(text, { cause: inner }), { engineMessage: message });
  }
  return error instanceof Error ? error : new Error(message);
}
