import { waitsForWebhook } from '@chronos/jobs';
import { wakeChainStep } from '@chronos/queue';
import { type ApiDeps, currentTime } from '../../deps.js';

const WAKE_RETRY_MS = 250;
const WAKE_ATTEMPTS = 20;

/**
 * Wakes the step's sleeping queue job. One being processed right now may have read the database just
 * before the arrival and be about to sleep again: it is tried again for a few seconds (in the background),
 * after which the step's own re-check (`CHAIN_WAIT_RECHECK_SECONDS`) is the bound.
 */
function wakeSoon(deps: ApiDeps, executionId: number, position: number, attempt = 1): void {
  wakeChainStep(deps.queue, executionId, position).then(
    (result) => {
      if (result !== 'running' || attempt >= WAKE_ATTEMPTS) return;
      setTimeout(() => wakeSoon(deps, executionId, position, attempt + 1), WAKE_RETRY_MS).unref();
    },
    (error: unknown) => {
      deps.logger.warn(
        { err: error, executionId, position },
        'chain step not woken; it re-checks on its own',
      );
    },
  );
}

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
  for (const step of waiting) wakeSoon(deps, step.executionId, step.position);
  deps.logger.info({ eventId, woken: waiting.length }, 'corehub webhook received');
  return { acknowledged: true, event_id: rawEventId };
}
