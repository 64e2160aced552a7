import {
  buildPlatformFlowWebhook,
  buildSyncEventWebhook,
  type CoreHubWebhook,
} from '@chronos/corehub/contract';
import type { Db } from '@chronos/db';
import { precedingTaskType, waitsForWebhook } from '@chronos/jobs';
import type { WebhookSource } from './webhook-registry.js';

/**
 * The sync chained events that wait for CoreHub: one `chronos-sync-{eventId}` webhook each, announcing the
 * task before the event, filtered on the event's own targets (reference §4.4).
 */
export function syncEventWebhooks(db: Pick<Db, 'chains'>): WebhookSource {
  return async () => {
    const webhooks: CoreHubWebhook[] = [];
    for (const chain of await db.chains.listChains()) {
      chain.events.forEach((event, position) => {
        if (!waitsForWebhook(chain.parentTaskType, chain.events, position)) return;
        const webhook = buildSyncEventWebhook({
          eventId: event.id,
          precedingTaskType: precedingTaskType(chain.parentTaskType, chain.events, position),
          pipelineId: event.pipelineId,
          entityIds: event.entityIds,
          groupIds: event.groupIds,
        });
        if (webhook) webhooks.push(webhook);
      });
    }
    return webhooks;
  };
}

/**
 * The TriggerFlows fired by a CoreHub platform event: one `chronos-platform-{flowId}` webhook each, enabled or
 * not (reference §4.5: toggling a flow leaves its webhook alone; the receiver skips a disabled flow).
 */
export function platformFlowWebhooks(db: Pick<Db, 'triggerFlows'>): WebhookSource {
  return async () =>
    (await db.triggerFlows.listPlatformEventFlows()).map((flow) =>
      buildPlatformFlowWebhook({ flowId: flow.id, platformEvent: flow.platformEvent }),
    );
}

/** Every source of Chronos webhooks the registry keeps CoreHub in line with. */
export function webhookSources(db: Pick<Db, 'chains' | 'triggerFlows'>): WebhookSource[] {
  return [syncEventWebhooks(db), platformFlowWebhooks(db)];
}
