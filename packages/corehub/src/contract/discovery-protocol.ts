/**
 * UDP discovery of CoreHub (DESIGN.md §6): a module that has no configured URL sends a request datagram to
 * ports 1717–1726 of the discovery host (broadcast in production, 127.0.0.1 in tests); a hub answers with a
 * reply datagram to the sender's address and port. Both are one UTF-8 JSON object per datagram.
 *
 * The real SDK's datagram is not public; like `module-protocol.ts`, this file is the one place to change.
 */
import { z } from 'zod';

/** Marker every request carries; a hub ignores datagrams without it. */
export const DISCOVERY_REQUEST_TYPE = 'gluesync.discover';
export const DISCOVERY_REPLY_TYPE = 'gluesync.discover.reply';
export const DISCOVERY_PROTOCOL_VERSION = 1;

/** Module → any hub listening: "where are you?". `nonce` lets the module match replies to its request. */
export const DiscoveryRequestSchema = z.object({
  type: z.literal(DISCOVERY_REQUEST_TYPE),
  version: z.number().int().min(1),
  nonce: z.string().min(8).max(128),
  moduleTag: z.string().min(1),
});
export type DiscoveryRequest = z.infer<typeof DiscoveryRequestSchema>;

/**
 * Hub → module. `host` is optional: a hub that does not know the name it is reached by leaves it out and the
 * module uses the datagram's source address.
 */
export const DiscoveryReplySchema = z.object({
  type: z.literal(DISCOVERY_REPLY_TYPE),
  version: z.number().int().min(1),
  nonce: z.string().min(8).max(128),
  scheme: z.enum(['http', 'https']),
  port: z.number().int().min(1).max(65_535),
  host: z.string().min(1).optional(),
});
export type DiscoveryReply = z.infer<typeof DiscoveryReplySchema>;

/** Parses a datagram as `schema`, or null when it is not one (foreign traffic on the port is normal). */
export function parseDiscoveryDatagram<T>(schema: z.ZodType<T>, datagram: Buffer | string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(datagram.toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `scheme://host:port`, bracketing IPv6 literals. */
export function buildDiscoveredUrl(reply: DiscoveryReply, sourceAddress: string): string {
  const host = reply.host ?? sourceAddress;
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${reply.scheme}://${hostPart}:${reply.port}`;
}
