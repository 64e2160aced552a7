import { waitsForWebhook } from '@chronos/jobs';
import { wakeChainStep } from '@chronos/queue';
import { type ApiDeps, currentTime } from '../../deps.js';

/** The reference's answer when nothing listens for the event (§1.5). */
export const NO_LISTENER_REASON = 'no active listener for this event_id (outside scheduled window)';

export type NotifyAnswer =
  | { acknowledged: true; event_id: string }
  | { acknowledged: false; reason: typeof NO_LISTENER_REASON };

/**
 * CoreHub's webhook for a sync chained event, on whichever api replica it reached: recorded as a row (the
 * waiting step counts arrivals since its preceding task started, so one that came early is not lost), then
 * the sleeping step is woken through the queue. Listened for while the event's job has an execution under
 * way or a chain step of the event has not run yet; otherwise nothing is recorded.
 */
export async function receiveNotify(deps: ApiDeps, rawEventId: string): Promise<NotifyAnswer> {
  const refused = { acknowledged: false, reason: NO_LISTENER_REASON } as const;
  const eventId = /^\d{1,9}$/.test(rawEventId) ? Number(rawEventId) : undefined;
  if (eventId === undefined) return refused;
  const chain = await deps.db.chains.findEventChain(eventId);
  const position = chain?.events.findIndex((event) => event.id === eventId) ?? -1;
  if (!chain || !waitsForWebhook(chain.parentTaskType, chain.events, position)) return refused;
  const waiting = await deps.db.chains.listWaitingSteps(eventId);
  if (waiting.length === 0 && !(await deps.db.executions.findRunning(chain.parentJobId))) return refused;

  await deps.db.chains.recordArrival(eventId, currentTime(deps));
  for (const step of waiting) {
    // A step that is not asleep reads the database before it sleeps again: a failed wake loses nothing.
    await wakeChainStep(deps.queue, step.executionId, step.position).catch((error: unknown) => {
      deps.logger.warn({ err: error, eventId, executionId: step.executionId }, 'chain step not woken');
    });
  }
  deps.logger.info({ eventId, woken: waiting.length }, 'corehub webhook received');
  return { acknowledged: true, event_id: rawEventId };
}
