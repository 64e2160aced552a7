/**
 * `@chronos/corehub/contract`: the wire contract with CoreHub, zod only and no I/O. The port
 * (`CoreHubPort`: `send(CoreHubRequest) → CoreHubResponse`), the routes and command requests, the reply
 * schemas, the tolerant readers and the one "settled" rule, the module WebSocket frames and the discovery
 * datagrams. The client implements the port, tasks call through it, `apps/corehub-sim` serves it.
 */
export {
  buildMaintenanceCommandPath,
  buildMaintenanceCommandRequest,
  buildSyncCommandPath,
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
  type CoreHubRole,
  CoreHubRoleSchema,
  type CoreHubUser,
  CoreHubUserSchema,
  type HubErrorBody,
  HubErrorBodySchema,
  INVALID_TOKEN_MESSAGE,
  type LoginReply,
  LoginReplySchema,
  type Pipeline,
  PipelineEntitiesReplySchema,
  type PipelineEntity,
  PipelineListSchema,
  PipelineSchema,
} from './corehub-api.js';
export {
  buildDiscoveredUrl,
  DISCOVERY_PROTOCOL_VERSION,
  DISCOVERY_REPLY_TYPE,
  DISCOVERY_REQUEST_TYPE,
  type DiscoveryReply,
  DiscoveryReplySchema,
  type DiscoveryRequest,
  DiscoveryRequestSchema,
  parseDiscoveryDatagram,
} from './discovery-protocol.js';
export {
  EntityStatusListSchema,
  type EntityStatusWire,
  EntityStatusWireSchema,
  findPendingEntities,
  isEntitySettled,
} from './entity-status.js';
export {
  type ErrorMessage,
  ErrorMessageSchema,
  encodeModuleFrame,
  type HubToModuleMessage,
  HubToModuleMessageSchema,
  MODULE_HEADERS,
  MODULE_PATH,
  MODULE_TAG,
  type ModuleHandshakeHeaders,
  ModuleHandshakeHeadersSchema,
  type ModuleToHubMessage,
  ModuleToHubMessageSchema,
  type PingMessage,
  PingMessageSchema,
  type PongMessage,
  PongMessageSchema,
  parseModuleFrame,
  type TokenMessage,
  TokenMessageSchema,
  type TokenRefreshMessage,
  TokenRefreshMessageSchema,
} from './module-protocol.js';
export type { CoreHubPort, CoreHubQuery, CoreHubRequest, CoreHubResponse } from './port.js';
export { readEntityIds, readGroupEntityIds, readResponseBody } from './readers.js';
export {
  buildPipelineReadRequest,
  COREHUB_ROUTES,
  type CoreHubRoute,
  fillRoute,
  type PipelineRead,
} from './routes.js';
