import type { Db } from '@chronos/db';
import type { Execution } from '@chronos/jobs';

const PAGE = 1000;

/** Every execution scheduled at or after `since` (the bench's own, since the database is the run's). */
export async function listExecutionsSince(db: Db, since: Date): Promise<Execution[]> {
  const all: Execution[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await db.executions.list({ since, skip, limit: PAGE });
    all.push(...page.items);
    if (page.items.length < PAGE) return all;
  }
}

/** How many executions scheduled since `since` exist, and how many of them are still queued or running. */
export async function countExecutions(db: Db, since: Date): Promise<{ total: number; open: number }> {
  const [all, queued, running] = await Promise.all([
    db.executions.list({ since, limit: 1 }),
    db.executions.list({ since, status: 'queued', limit: 1 }),
    db.executions.list({ since, status: 'running', limit: 1 }),
  ]);
  return { total: all.total, open: queued.total + running.total };
}

/** Executions per status, e.g. `{ succeeded: 9998, failed: 2 }`. */
export function countByStatus(executions: readonly Execution[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const execution of executions) counts[execution.status] = (counts[execution.status] ?? 0) + 1;
  return counts;
}

/** `succeeded 9998, failed 2`: for notes when not everything succeeded. */
export function describeStatuses(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
}
