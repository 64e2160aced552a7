import type { FlowExecutionLog, TriggerFlow } from '@chronos/jobs';
import { formatInstant } from '../../http/format-instant.js';
import { type TASK_PARAM_FIELDS, toTaskParamFields } from '../jobs/task-params.js';
import type { TriggerFlowResponse } from './triggers.schemas.js';

type TriggerEventResponse = TriggerFlowResponse['events'][number];

/** Instants of flows are shown in the `timezone` setting's zone (reference: the environment's zone). */
function instant(date: Date | null, zone: string): string | null {
  return date ? formatInstant(date, zone) : null;
}

/** `trigger_url`: PUBLIC_URL when set, else the address the caller reached this api at. */
export function triggerUrlOf(baseUrl: string, flowId: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/triggers/${flowId}/fire`;
}

/** A flow as the API shows it (reference §2.8 TriggerFlowResponse): never its token. */
export function toTriggerFlowResponse(
  flow: TriggerFlow,
  options: { zone: string; baseUrl: string },
): TriggerFlowResponse {
  const { zone } = options;
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    enabled: flow.enabled,
    platform_event: flow.platformEvent,
    routing: flow.routing,
    trigger_url: triggerUrlOf(options.baseUrl, flow.id),
    events: flow.events.map((event) => ({
      id: event.id,
      trigger_flow_id: event.triggerFlowId,
      position: event.position,
      task_type: event.taskType,
      pipeline_id: event.pipelineId,
      entity_ids: event.entityIds,
      group_ids: event.groupIds,
      with_snapshot: event.withSnapshot,
      snapshot_write_method: event.snapshotWriteMethod,
      execution_mode: event.executionMode,
      allow_ai_run_loop: event.allowAiRunLoop,
      ...(toTaskParamFields(event.taskParams) as Pick<TriggerEventResponse, keyof typeof TASK_PARAM_FIELDS>),
    })),
    last_triggered: instant(flow.lastTriggered, zone),
    last_successful_trigger: instant(flow.lastSuccessfulTrigger, zone),
    last_error_message: flow.lastErrorMessage,
    last_trigger_error_time: instant(flow.lastTriggerErrorTime, zone),
    created_at: formatInstant(flow.createdAt, zone),
    updated_at: formatInstant(flow.updatedAt, zone),
  };
}

export function toExecutionLogResponse(log: FlowExecutionLog, zone: string) {
  return {
    id: log.id,
    trigger_flow_id: log.triggerFlowId,
    status: log.status,
    source: log.source,
    error_message: log.errorMessage,
    duration_ms: log.durationMs,
    triggered_at: formatInstant(log.triggeredAt, zone),
  };
}
