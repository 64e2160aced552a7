/**
 * `@chronos/corehub`: the CoreHub client (module connection, REST with token refresh, discovery, health
 * probe) and its error hierarchy. The wire contract, and the port the client implements (`CoreHubPort`,
 * `CoreHubRequest`, `CoreHubResponse`), are the `./contract` sub-path.
 */
export type { ConnectionState, ConnectionStatus } from './connection-state.js';
export {
  CoreHubAuthError,
  CoreHubContractError,
  CoreHubHttpError,
  CoreHubNetworkError,
  CoreHubTimeoutError,
} from './corehub-error.js';
export {
  type CoreHubClient,
  type CreateCoreHubClientOptions,
  createCoreHubClient,
} from './create-corehub-client.js';
export { discoverCoreHub } from './discovery.js';
export { coreHubOptionsFromConfig } from './options-from-config.js';
