export { ADMIN_TOKEN_FILE, ensureAdminToken } from './admin-token.js';
export {
  API_TOKEN_PREFIX,
  type ApiTokenEntry,
  generateApiToken,
  hashToken,
  matchApiToken,
  parseApiTokens,
} from './api-tokens.js';
export {
  type Authenticator,
  type AuthenticatorOptions,
  createAuthenticator,
  type Introspect,
  type IntrospectionResult,
  NOT_AUTHENTICATED,
  type Principal,
  VERIFICATION_FAILED,
} from './authenticator.js';
export {
  AUTH_COOKIE,
  bearerToken,
  type Credentials,
  credentialsCacheKey,
  readCredentials,
} from './credentials.js';
export { type AuthMiddleware, createAuthMiddleware, principalOf } from './express-middleware.js';
export { createFailureLimiter, type FailureLimiter } from './failure-limiter.js';
export {
  hasPermission,
  isRole,
  PERMISSION_PHRASES,
  PERMISSIONS,
  type Permission,
  ROLES,
  type Role,
} from './roles.js';
