export { createApp } from './app.js';
export type { ApiDeps } from './deps.js';
export { createExecutionEventHub, type ExecutionEventHub } from './features/events/event-hub.js';
export { type ApiAuth, createApiAuth, introspectWithCoreHub } from './http/auth.js';
export { buildOpenApiDocument } from './openapi-document.js';
export { type RunningApi, startApi } from './start-api.js';
export { type HttpServerHandle, startHttpServer } from './start-http-server.js';
export { API_VERSION } from './version.js';
