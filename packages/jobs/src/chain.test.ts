import { describe, expect, it } from 'vitest';
import { chainFailureMessage, precedingTaskType, waitsForWebhook } from './chain.js';

describe('chained events', () => {
  const events = [
    { taskType: 'entity_stop', executionMode: 'sync' as const },
    { taskType: 'query_studio', executionMode: 'sync' as const },
    { taskType: 'entity_start', executionMode: 'sync' as const },
    { taskType: 'entity_start', executionMode: 'async' as const },
  ];

  it('a sync event waits when the task before it (the parent for the first) is one CoreHub announces', () => {
    expect(precedingTaskType('entity_snapshot', events, 0)).toBe('entity_snapshot');
    expect(precedingTaskType('entity_snapshot', events, 2)).toBe('query_studio');
    expect(waitsForWebhook('entity_snapshot', events, 0)).toBe(true);
    expect(waitsForWebhook('brain_reindex', events, 0)).toBe(false);
    expect(waitsForWebhook('entity_snapshot', events, 1)).toBe(true);
    expect(waitsForWebhook('entity_snapshot', events, 2)).toBe(false);
    expect(waitsForWebhook('entity_snapshot', events, 3)).toBe(false);
    expect(waitsForWebhook('entity_snapshot', events, 9)).toBe(false);
  });

  it("words a failure the reference's way", () => {
    expect(chainFailureMessage({ position: 1, event: { taskType: 'entity_start' } })).toBe(
      'Chained event pos=1 (entity_start) failed or timed out',
    );
  });
});
