export { ensureAdminToken } from './admin-token.js';
export { generateApiToken, hashToken, parseApiTokens } from './api-tokens.js';
export { createAuthenticator, type Introspect } from './authenticator.js';
export type { Credentials } from './credentials.js';
export { type AuthMiddleware, createAuthMiddleware } from './express-middleware.js';
export { createFailureLimiter } from './failure-limiter.js';
export { isRole, ROLES, type Role } from './roles.js';
