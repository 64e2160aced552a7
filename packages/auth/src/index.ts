export { ensureAdminToken } from './admin-token.js';
export { generateApiToken, hashToken, parseApiTokens } from './api-tokens.js';
export { createAuthenticator, type Introspect, type Principal } from './authenticator.js';
export { type Credentials, SESSION_COOKIE } from './credentials.js';
export { CSRF_HEADER } from './csrf.js';
export { type AuthMiddleware, createAuthMiddleware, principalOf } from './express-middleware.js';
export { createFailureLimiter } from './failure-limiter.js';
export { isRole, permissionsOf, ROLES, type Role } from './roles.js';
export {
  clearedSessionSetCookie,
  createSessionManager,
  type SessionManager,
  type SessionStore,
  sessionSetCookie,
} from './sessions.js';
