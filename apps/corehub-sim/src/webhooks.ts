/**
 * CoreHub's persistent webhooks: the list `GET`/`PUT /global-config/webhooks` read and replace, and their
 * delivery. On a lifecycle transition the hub POSTs to every enabled webhook whose `enabledEvents` name it
 * and whose filters match the object (an empty filter matches everything; a filter on a field the event
 * does not carry does not exclude it), with the webhook's `customHeaders`. `{{chronos_address}}` is expanded
 * to the address the connected module announced (the caller's address with its `Module-Port` and
 * `Module-Scheme`), or to the address a test set. No retries (Chronos's webhooks ask for none).
 */
import { CHRONOS_ADDRESS_TEMPLATE, type CoreHubWebhook } from '@chronos/corehub/contract';
import type { Logger } from '@chronos/logger';
import type { LifecycleEvent } from './sim-state.js';

export type WebhookDelivery = {
  webhookId: string;
  url: string;
  eventType: string;
  /** The receiver's status; null when it could not be reached. */
  status: number | null;
  /** The receiver's JSON answer, when it gave one. */
  body: unknown;
  at: string;
};

function matches(filter: readonly string[] | undefined, value: string | undefined): boolean {
  return !filter || filter.length === 0 || value === undefined || filter.includes(value);
}

export class SimWebhooks {
  private list: CoreHubWebhook[] = [];
  private readonly deliveries: WebhookDelivery[] = [];
  private addressOverride: string | undefined;

  constructor(
    /** The connected module's announced address (`scheme://host:port`), or undefined with none connected. */
    private readonly moduleAddress: () => string | undefined,
    private readonly logger: Logger,
  ) {}

  read(): CoreHubWebhook[] {
    return structuredClone(this.list);
  }

  replace(list: CoreHubWebhook[]): void {
    this.list = structuredClone(list);
  }

  /** Test control: where `{{chronos_address}}` points (undefined: the connected module's address). */
  setAddress(address: string | undefined): void {
    this.addressOverride = address?.replace(/\/$/, '');
  }

  delivered(): WebhookDelivery[] {
    return [...this.deliveries];
  }

  clear(): void {
    this.list = [];
    this.deliveries.length = 0;
    this.addressOverride = undefined;
  }

  /** Delivers `event` to every matching webhook; resolves when every POST has been answered (or failed). */
  async announce(event: LifecycleEvent): Promise<void> {
    const targets = this.list.filter(
      (webhook) =>
        webhook.enabled !== false &&
        (webhook.enabledEvents ?? []).includes(event.eventType) &&
        matches(webhook.pipelineFilter, event.pipelineId) &&
        matches(webhook.entityFilter, event.entityId) &&
        matches(webhook.groupFilter, event.groupId),
    );
    await Promise.all(targets.map((webhook) => this.deliver(webhook, event)));
  }

  /** Test control: POSTs one webhook now as if its first event had happened, to `address` if given. */
  async deliverNow(webhookId: string, address?: string): Promise<WebhookDelivery | undefined> {
    const webhook = this.list.find((candidate) => candidate.id === webhookId);
    if (!webhook) return undefined;
    const eventType = webhook.enabledEvents?.[0] ?? 'TEST';
    return this.deliver(
      webhook,
      { eventType: eventType as LifecycleEvent['eventType'], pipelineId: '' },
      address,
    );
  }

  private async deliver(
    webhook: CoreHubWebhook,
    event: LifecycleEvent,
    address = this.addressOverride ?? this.moduleAddress(),
  ): Promise<WebhookDelivery> {
    const url = address ? webhook.webhookUrl.replace(CHRONOS_ADDRESS_TEMPLATE, address) : webhook.webhookUrl;
    const delivery: WebhookDelivery = {
      webhookId: webhook.id,
      url,
      eventType: event.eventType,
      status: null,
      body: null,
      at: new Date().toISOString(),
    };
    this.deliveries.push(delivery);
    const source = event.entityId
      ? { kind: 'entity', id: event.entityId }
      : event.groupId
        ? { kind: 'group', id: event.groupId }
        : { kind: 'pipeline', id: event.pipelineId };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...webhook.customHeaders },
        body: JSON.stringify({
          eventType: event.eventType,
          type: event.eventType,
          source,
          data: { pipelineId: event.pipelineId, entityId: event.entityId, groupId: event.groupId },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      delivery.status = response.status;
      delivery.body = await response.json().catch(() => null);
    } catch (error) {
      this.logger.debug({ err: error, url }, 'webhook delivery failed');
    }
    return delivery;
  }
}
