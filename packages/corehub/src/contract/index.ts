/**
 * `@chronos/corehub/contract`: the wire contract with CoreHub, zod only and no I/O. The port
 * (`CoreHubPort`: `send(CoreHubRequest) → CoreHubResponse`), the routes and command requests, the reply
 * schemas, the tolerant readers and the one "settled" rule, the module WebSocket frames and the discovery
 * datagrams. The client implements the port, tasks call through it, `apps/corehub-sim` serves it. Only
 * what those use is exported here; the client imports the rest of its own files directly.
 */
export {
  AI_RUN_FAILED_STATUSES,
  AI_RUN_SUCCEEDED,
  AiRunSchema,
  AiRunStartBodySchema,
  AiRunStatusSchema,
  type BrainJob,
  BrainJobSchema,
  buildAiRunRequest,
  buildAiRunStartRequest,
  buildBrainJobRequest,
  buildComparisonRunRequest,
  buildComparisonStartRequest,
  buildQueryStudioExecuteRequest,
  buildReconciliationRequest,
  buildSavedQueryRequest,
  buildVisualizeRefreshRequest,
  COMPARISON_DONE_STATUSES,
  COMPARISON_FAILED_STATUSES,
  ComparisonRunSchema,
  ComparisonStartBodySchema,
  ComparisonStartedSchema,
  countDifferences,
  describeDifferences,
  isFailedQueryResult,
  QueryStudioExecuteBodySchema,
  ReconciliationSchema,
  readSavedQuery,
  VisualizeRefreshBodySchema,
  VisualizeRefreshReplySchema,
} from './automation.js';
export {
  buildMaintenanceCommandRequest,
  buildSyncCommandRequest,
  GROUP_SYNC_COMMANDS,
  MAINTENANCE_COMMANDS,
  type MaintenanceCommand,
  redoQuery,
  type SnapshotWriteMethod,
  SnapshotWriteMethodSchema,
  SYNC_COMMANDS,
  type SyncCommand,
  type SyncCommandQuery,
  SyncCommandQuerySchema,
  snapshotQuery,
  startQuery,
} from './commands.js';
export {
  type ConfigEntityWire,
  ConfigEntityWireSchema,
  type ConfigGroup,
  ConfigGroupSchema,
  CoreHubRoleSchema,
  type CoreHubUser,
  CoreHubUserSchema,
  HubErrorBodySchema,
  INVALID_TOKEN_MESSAGE,
  LoginReplySchema,
  type Pipeline,
  PipelineEntitiesReplySchema,
  type PipelineEntity,
  PipelineListSchema,
  PipelineSchema,
} from './corehub-api.js';
export {
  DISCOVERY_PROTOCOL_VERSION,
  DISCOVERY_REPLY_TYPE,
  DiscoveryReplySchema,
  DiscoveryRequestSchema,
  parseDiscoveryDatagram,
} from './discovery-protocol.js';
export { EntityStatusListSchema, type EntityStatusWire, findPendingEntities } from './entity-status.js';
export {
  encodeModuleFrame,
  type HubToModuleMessage,
  HubToModuleMessageSchema,
  MODULE_PATH,
  ModuleHandshakeHeadersSchema,
  ModuleToHubMessageSchema,
  parseModuleFrame,
} from './module-protocol.js';
export type { CoreHubPort, CoreHubRequest, CoreHubResponse } from './port.js';
export { readEntityIds, readGroupEntityIds, readResponseBody } from './readers.js';
export { buildPipelineReadRequest, COREHUB_ROUTES, type PipelineRead } from './routes.js';
export {
  buildListWebhooksRequest,
  buildPlatformFlowWebhook,
  buildPutWebhooksRequest,
  buildSyncEventWebhook,
  CHRONOS_ADDRESS_TEMPLATE,
  type CoreHubWebhook,
  CoreHubWebhookListSchema,
  holdsExactly,
  planWebhookList,
  WEBHOOK_HEADERS,
  WEBHOOK_MODULE_NAME,
  type WebhookEventType,
  webhookEventsAfter,
} from './webhooks.js';
