import { buildSyncEventWebhook, type CoreHubWebhook } from '@chronos/corehub/contract';
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
 * Every source of Chronos webhooks the registry keeps CoreHub in line with. Platform-event TriggerFlows
 * join here (`buildPlatformFlowWebhook` of the contract, one per flow with a `platform_event`).
 */
export function webhookSources(db: Pick<Db, 'chains'>): WebhookSource[] {
  return [syncEventWebhooks(db)];
}
