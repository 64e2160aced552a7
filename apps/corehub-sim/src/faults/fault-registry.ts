/**
 * Fault injection. A fault matches requests by `route` — `"[METHOD ]/path/pattern"`, where `*` matches one
 * path segment and `**` any rest — and, for its first `times` matches (all when absent), delays, hangs,
 * resets the connection, answers malformed JSON, or answers a given status/body instead of the real route.
 * A fault with only `delayMs` slows the request down and lets the real route answer.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export const FaultSpecSchema = z
  .object({
    route: z.string().min(1),
    status: z.number().int().min(100).max(599).optional(),
    /** JSON body (objects/arrays) or text (strings) for `status`. */
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /** Adds `Retry-After: <seconds>` (429/503 scenarios). */
    retryAfterSeconds: z.number().min(0).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** Never answer; the client's timeout has to fire. */
    hang: z.boolean().optional(),
    /** Destroy the socket without answering: a network error for the client. */
    reset: z.boolean().optional(),
    /** Answer `status` (default 200) with a body that is not valid JSON. */
    malformed: z.boolean().optional(),
    /** Apply to this many matching requests, then disappear. */
    times: z.number().int().min(1).optional(),
  })
  .strict();
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

export type Fault = FaultSpec & { id: string; hits: number };

/** One-shot actions on the module channel, accepted by the same control endpoint. */
export const FaultActionSchema = z.object({ action: z.enum(['drop-websocket', 'expire-tokens']) }).strict();

type CompiledFault = Fault & { method: string | undefined; pattern: RegExp };

function compileRoute(route: string): { method: string | undefined; pattern: RegExp } {
  const match = /^([A-Za-z]+|\*)\s+(\/.*)$/.exec(route.trim());
  const method = match?.[1] && match[1] !== '*' ? match[1].toUpperCase() : undefined;
  const path = match?.[2] ?? route.trim();
  const source = path
    .split('/')
    .map((segment) =>
      segment === '**' ? '.*' : segment === '*' ? '[^/]+' : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return { method, pattern: new RegExp(`^${source}/?$`) };
}

export class FaultRegistry {
  private faults: CompiledFault[] = [];

  add(spec: FaultSpec): Fault {
    const parsed = FaultSpecSchema.parse(spec);
    const fault: CompiledFault = { ...parsed, id: randomUUID(), hits: 0, ...compileRoute(parsed.route) };
    this.faults.push(fault);
    return this.describe(fault);
  }

  /** The first active fault for this request, counting the hit (and retiring it after `times`). */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method === method.toUpperCase()) &&
        candidate.pattern.test(path),
    );
    if (!fault) return undefined;
    fault.hits += 1;
    if (fault.times !== undefined && fault.hits >= fault.times) {
      this.faults = this.faults.filter((candidate) => candidate !== fault);
    }
    return this.describe(fault);
  }

  list(): Fault[] {
    return this.faults.map((fault) => this.describe(fault));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  private describe(fault: CompiledFault): Fault {
    const { method: _method, pattern: _pattern, ...rest } = fault;
    return { ...rest };
  }
}
