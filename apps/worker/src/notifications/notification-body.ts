import type { Execution, Job, NotificationEvent } from '@chronos/jobs';

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/**
 * What a receiver gets: the event, a delivery id that is the same on every attempt (receivers deduplicate
 * on it), the job and the execution in the API's field names. Instants are UTC ISO 8601.
 */
export function notificationBody(
  deliveryId: string,
  event: NotificationEvent,
  job: Pick<Job, 'id' | 'name' | 'taskType'>,
  execution: Execution,
): string {
  return JSON.stringify({
    id: deliveryId,
    type: `execution.${event}`,
    event,
    occurred_at: iso(execution.finishedAt),
    job: { id: job.id, name: job.name, task_type: job.taskType },
    execution: {
      id: execution.id,
      status: execution.status,
      trigger: execution.trigger,
      scheduled_for: iso(execution.scheduledFor),
      started_at: iso(execution.startedAt),
      finished_at: iso(execution.finishedAt),
      attempt: execution.attempt,
      error: execution.error,
    },
    links: { execution: `/api/executions/${execution.id}`, job: `/api/jobs/${job.id}` },
  });
}
