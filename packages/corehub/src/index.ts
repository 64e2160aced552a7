/**
 * `@chronos/corehub`: the CoreHub client (module connection, REST with token refresh, discovery, health
 * probe) and its error hierarchy. The wire contract, and the port the client implements (`CoreHubPort`,
 * `CoreHubRequest`, `CoreHubResponse`), are the `./contract` sub-path.
 */
export { type BackoffOptions, computeBackoffDelay } from './backoff.js';
export type {
  ConnectionState,
  ConnectionStatus,
  CoreHubClientEvents,
  CoreHubEvents,
} from './connection-state.js';
export {
  CoreHubAuthError,
  CoreHubContractError,
  CoreHubError,
  type CoreHubErrorOptions,
  CoreHubHttpError,
  CoreHubNetworkError,
  type CoreHubRequestSummary,
  CoreHubTimeoutError,
} from './corehub-error.js';
export {
  type CallerCredentials,
  type CoreHubCallOptions,
  type CoreHubClient,
  type CreateCoreHubClientOptions,
  createCoreHubClient,
} from './create-corehub-client.js';
export { type DiscoveryOptions, discoverCoreHub } from './discovery.js';
export type { HealthCheckResult } from './health-check.js';
export type { KeepAliveOptions } from './module-connection.js';
export { type CoreHubConfigSlice, coreHubOptionsFromConfig } from './options-from-config.js';
export { type CoreHubTlsOptions, loadSecurityConfig } from './tls-options.js';
