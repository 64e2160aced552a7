export { createApp } from './app.js';
export type { ApiDeps } from './deps.js';
export { createExecutionEventHub } from './features/events/event-hub.js';
export { createApiAuth, introspectWithCoreHub } from './http/auth.js';
export { startApi } from './start-api.js';
export { type HttpServerHandle, startHttpServer } from './start-http-server.js';
