import { describe, expect, it } from 'vitest';
import {
  buildPlatformFlowWebhook,
  buildSyncEventWebhook,
  type CoreHubWebhook,
  holdsExactly,
  planWebhookList,
  webhookEventsAfter,
} from './webhooks.js';

const foreign: CoreHubWebhook = {
  id: 'slack-alerts',
  webhookUrl: 'https://hooks.example/x',
  enabledEvents: ['X'],
};

describe('CoreHub webhooks', () => {
  it('builds the reference object for a sync event, {{chronos_address}} left for CoreHub', () => {
    expect(
      buildSyncEventWebhook({
        eventId: 3,
        precedingTaskType: 'entity_stop',
        pipelineId: 'p1',
        entityIds: ['e1'],
        groupIds: [],
      }),
    ).toEqual({
      id: 'chronos-sync-3',
      name: 'chronos-event-3',
      webhookUrl: '{{chronos_address}}/api/webhooks/notify',
      enabled: true,
      enabledEvents: ['ENTITY_CDC_STOPPED'],
      pipelineFilter: ['p1'],
      entityFilter: ['e1'],
      groupFilter: [],
      customHeaders: { 'X-Event-ID': '3', EXT_MODULE: 'chronos' },
      skipTlsVerification: true,
      retryConfig: { maxRetries: 0, initialDelayMs: 0, backoffMultiplier: 1.0, maxDelayMs: 0 },
    });
    expect(
      buildSyncEventWebhook({
        eventId: 4,
        precedingTaskType: 'query_studio',
        pipelineId: 'p',
        entityIds: [],
        groupIds: [],
      }),
    ).toBeNull();
    expect(buildPlatformFlowWebhook({ flowId: 1, platformEvent: 'TABLE_DDL' })).toMatchObject({
      id: 'chronos-platform-1',
      webhookUrl: '{{chronos_address}}/api/webhooks/platform-event',
      customHeaders: { 'X-Trigger-Flow-ID': '1', EXT_MODULE: 'chronos' },
    });
  });

  it('maps each task type to the events CoreHub announces after it (reference §4.4)', () => {
    expect(webhookEventsAfter('group_snapshot')).toEqual([
      'GROUP_SNAPSHOT_COMPLETED',
      'ENTITY_SNAPSHOT_FAILED',
    ]);
    expect(webhookEventsAfter('pipeline_start')).toEqual(['ENTITY_CDC_STARTED']);
    expect(webhookEventsAfter('pipeline_exit_maintenance')).toEqual(['PIPELINE_EXIT_MAINTENANCE']);
    expect(webhookEventsAfter('brain_reindex')).toEqual([]);
  });

  it("replaces only Chronos's part of the list: others kept in place, stale ours removed, new ones appended", () => {
    const mine = (id: string, events = ['ENTITY_CDC_STOPPED']): CoreHubWebhook => ({
      id,
      webhookUrl: '{{chronos_address}}/api/webhooks/notify',
      enabledEvents: events,
    });
    const current = [mine('chronos-sync-1'), foreign, mine('chronos-platform-9'), mine('chronos-sync-2')];
    const plan = planWebhookList(current, [
      mine('chronos-sync-2', ['ENTITY_CDC_STARTED']),
      mine('chronos-sync-5'),
    ]);
    expect(plan.changed).toBe(true);
    expect(plan.list.map((webhook) => webhook.id)).toEqual([
      'slack-alerts',
      'chronos-sync-2',
      'chronos-sync-5',
    ]);
    expect(plan.list[1]?.enabledEvents).toEqual(['ENTITY_CDC_STARTED']);
    expect(
      holdsExactly(plan.list, [mine('chronos-sync-2', ['ENTITY_CDC_STARTED']), mine('chronos-sync-5')]),
    ).toBe(true);
    expect(
      planWebhookList(plan.list, [mine('chronos-sync-5'), mine('chronos-sync-2', ['ENTITY_CDC_STARTED'])])
        .changed,
    ).toBe(false);
    expect(holdsExactly([foreign], [mine('chronos-sync-5')])).toBe(false);
  });
});
