import { describe, expect, it } from 'vitest';
import {
  aiRunCorrelationId,
  defaultRoutingOf,
  extractEventSource,
  findAiLoopRefusal,
  isEntityScopedEvent,
  selectRoutedEvents,
} from './flow-routing.js';

const ordersEvent = { pipelineId: 'p1', entityIds: ['orders'], groupIds: [] as string[] };
const customersEvent = { pipelineId: 'p1', entityIds: ['customers'], groupIds: ['g-crm'] };
const otherPipelineEvent = { pipelineId: 'p2', entityIds: [] as string[], groupIds: [] as string[] };
const events = [ordersEvent, customersEvent, otherPipelineEvent];

describe('default routing', () => {
  it('is origin for table-scoped events, also as part of a longer name, and broadcast otherwise', () => {
    expect(defaultRoutingOf('TABLE_REORGANIZATION')).toBe('origin');
    expect(defaultRoutingOf('TABLE_TRUNCATE')).toBe('origin');
    expect(defaultRoutingOf('TABLE_DDL')).toBe('origin');
    expect(isEntityScopedEvent('DB2_TABLE_REORG_COMPLETED')).toBe(true);
    expect(defaultRoutingOf('ENTITY_CDC_STARTED')).toBe('broadcast');
    expect(defaultRoutingOf(null)).toBe('broadcast');
  });
});

describe('extractEventSource', () => {
  it("reads CoreHub's source object", () => {
    expect(extractEventSource({ eventType: 'TABLE_DDL', source: { kind: 'table', id: 'orders' } })).toEqual({
      kind: 'table',
      id: 'orders',
    });
  });

  it('reads a nested event.source and a bare source id', () => {
    expect(extractEventSource({ event: { source: { type: 'GROUP', entityId: 'g-crm' } } })).toEqual({
      kind: 'group',
      id: 'g-crm',
    });
    expect(extractEventSource({ source: 'orders' })).toEqual({ kind: 'unknown', id: 'orders' });
  });

  it('falls back to legacy id keys, the kind read from the key', () => {
    expect(extractEventSource({ entityId: 'orders' })).toEqual({ kind: 'entity', id: 'orders' });
    expect(extractEventSource({ data: { objectId: 'o-1' } })).toEqual({ kind: 'object', id: 'o-1' });
    expect(extractEventSource({ payload: { pipeline_id: 'p2' } })).toEqual({ kind: 'pipeline', id: 'p2' });
  });

  it('is null when the payload names nothing', () => {
    expect(extractEventSource({})).toBeNull();
    expect(extractEventSource('not an object')).toBeNull();
    expect(extractEventSource({ source: { kind: 'table' } })).toBeNull();
  });
});

describe('selectRoutedEvents', () => {
  it('origin runs only the events whose target the source names', () => {
    expect(selectRoutedEvents(events, 'origin', { source: { kind: 'table', id: 'orders' } })).toEqual([
      ordersEvent,
    ]);
    expect(selectRoutedEvents(events, 'origin', { groupId: 'g-crm' })).toEqual([customersEvent]);
    expect(selectRoutedEvents(events, 'origin', { pipelineId: 'p2' })).toEqual([otherPipelineEvent]);
  });

  it('origin with an unknown kind matches any target field', () => {
    expect(selectRoutedEvents(events, 'origin', { source: 'customers' })).toEqual([customersEvent]);
  });

  it('origin with no match or an empty payload runs nothing', () => {
    expect(selectRoutedEvents(events, 'origin', { entityId: 'invoices' })).toEqual([]);
    expect(selectRoutedEvents(events, 'origin', {})).toEqual([]);
  });

  it('broadcast, null and an unknown stored routing run every event', () => {
    const payload = { entityId: 'orders' };
    expect(selectRoutedEvents(events, 'broadcast', payload)).toEqual(events);
    expect(selectRoutedEvents(events, null, payload)).toEqual(events);
    expect(selectRoutedEvents(events, 'sideways', payload)).toEqual(events);
  });
});

describe('AI loop guard', () => {
  const aiEvent = { taskType: 'ai_agent_run', allowAiRunLoop: false, position: 0 };
  const openAiEvent = { ...aiEvent, allowAiRunLoop: true };
  const aiRunDone = { type: 'gluesync.ai.run.completed', data: { runId: 'run-7' } };

  it('lets any event through for a platform event that is not an AI run', () => {
    expect(findAiLoopRefusal([aiEvent], { eventType: 'ENTITY_CDC_STARTED' })).toBeNull();
  });

  it('refuses an AI-run event by default, by either spelling of its name', () => {
    expect(findAiLoopRefusal([aiEvent], aiRunDone)).toMatch(/allow_ai_run_loop is false/);
    expect(findAiLoopRefusal([aiEvent], { eventType: 'AI_RUN_SUCCEEDED' })).toMatch(/AI loop guard/);
  });

  it('allows the first hop when the event allows it, and refuses the second', () => {
    expect(findAiLoopRefusal([openAiEvent], aiRunDone)).toBeNull();
    expect(findAiLoopRefusal([openAiEvent], { ...aiRunDone, correlationId: 'chronos:1:2:run-6' })).toMatch(
      /one hop only/,
    );
  });

  it('does not concern flows without an AI run', () => {
    expect(
      findAiLoopRefusal([{ taskType: 'entity_start', allowAiRunLoop: false, position: 0 }], aiRunDone),
    ).toBeNull();
  });

  it('names the run Chronos starts after the flow, the event and what fired it', () => {
    expect(aiRunCorrelationId(4, 9, aiRunDone)).toBe('chronos:4:9:run-7');
    expect(aiRunCorrelationId(4, 9, { entityId: 'orders' })).toBe('chronos:4:9:orders');
    expect(aiRunCorrelationId(4, 9, {})).toBe('chronos:4:9:fire-4');
  });
});
