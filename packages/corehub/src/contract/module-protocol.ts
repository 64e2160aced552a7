/**
 * The module channel between Chronos and CoreHub: the WebSocket handshake headers and the JSON frames sent
 * over it. The real Gluesync SDK's framing is not public, so this file IS the protocol for both the client
 * (`createCoreHubClient`) and `apps/corehub-sim`. Swapping in the real framing touches this file only.
 *
 * Compatibility: frames are JSON text messages with a `type` discriminator. Unknown `type`s must be ignored
 * by both sides (new frame kinds can be added without breaking old peers); fields are only ever added,
 * optional, never renamed.
 */
import { z } from 'zod';

/** Path of the module WebSocket on CoreHub. */
export const MODULE_PATH = '/ext-module';

/** Fixed tag Chronos announces itself with (DESIGN.md §6). */
export const MODULE_TAG = 'scheduler-module';

/** Handshake header names (HTTP headers are case-insensitive; this is how Chronos spells them). */
export const MODULE_HEADERS = {
  license: 'Module-License',
  tag: 'Module-Tag',
  port: 'Module-Port',
  scheme: 'Module-Scheme',
} as const;

/**
 * The handshake headers as the hub sees them (lower-cased keys, as Node delivers them). `module-license` is
 * optional here because a dev-mode client without a license omits it; a hub configured with a license
 * rejects such a handshake with 401.
 */
export const ModuleHandshakeHeadersSchema = z.object({
  'module-license': z.string().min(1).optional(),
  'module-tag': z.string().min(1),
  'module-port': z.coerce.number().int().min(1).max(65_535),
  'module-scheme': z.enum(['http', 'https']),
});

/** Hub → module: a (fresh) module JWT, sent right after the upgrade and after every `token.refresh`. */
export const TokenMessageSchema = z.object({
  type: z.literal('token'),
  token: z.string().min(1),
  /** ISO 8601 instant after which the hub rejects the token. */
  expiresAt: z.iso.datetime({ offset: true }),
});
export type TokenMessage = z.infer<typeof TokenMessageSchema>;

/** Module → hub: ask for a new token on the same connection (sent before the current one expires). */
export const TokenRefreshMessageSchema = z.object({ type: z.literal('token.refresh') });

/** Either side: keep-alive probe; the peer answers with a `pong` carrying the same `id`. */
export const PingMessageSchema = z.object({ type: z.literal('ping'), id: z.string().min(1) });

export const PongMessageSchema = z.object({ type: z.literal('pong'), id: z.string().min(1) });

/** Hub → module: the hub refuses something (bad frame, refresh denied); it may close afterwards. */
export const ErrorMessageSchema = z.object({
  type: z.literal('error'),
  code: z.string().min(1),
  message: z.string(),
});

/** Every frame the hub may send to a module. */
export const HubToModuleMessageSchema = z.discriminatedUnion('type', [
  TokenMessageSchema,
  PingMessageSchema,
  PongMessageSchema,
  ErrorMessageSchema,
]);
export type HubToModuleMessage = z.infer<typeof HubToModuleMessageSchema>;

/** Every frame a module may send to the hub. */
export const ModuleToHubMessageSchema = z.discriminatedUnion('type', [
  TokenRefreshMessageSchema,
  PingMessageSchema,
  PongMessageSchema,
]);
export type ModuleToHubMessage = z.infer<typeof ModuleToHubMessageSchema>;

/**
 * Parses one text frame. Returns null for anything that is not JSON, not an object with a string `type`,
 * or a `type` this side does not know — callers ignore those (forward compatibility) and log at debug.
 */
export function parseModuleFrame<T>(schema: z.ZodType<T>, raw: string): T | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Serialises one frame; the one place either side turns a message into wire text. */
export function encodeModuleFrame(message: HubToModuleMessage | ModuleToHubMessage): string {
  return JSON.stringify(message);
}
