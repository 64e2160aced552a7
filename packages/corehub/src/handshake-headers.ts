import { MODULE_HEADERS } from './contract/module-protocol.js';

export type HandshakeIdentity = {
  license: string | undefined;
  moduleTag: string;
  /** Port Chronos listens on, so CoreHub can expand `{{chronos_address}}` in webhooks. */
  modulePort: number;
  moduleScheme: 'http' | 'https';
};

/** The module handshake headers (reference §5; test_sdk_module_headers). */
export function buildHandshakeHeaders(identity: HandshakeIdentity): Record<string, string> {
  const headers: Record<string, string> = {
    [MODULE_HEADERS.tag]: identity.moduleTag,
    [MODULE_HEADERS.port]: String(identity.modulePort),
    [MODULE_HEADERS.scheme]: identity.moduleScheme,
  };
  if (identity.license !== undefined) headers[MODULE_HEADERS.license] = identity.license;
  return headers;
}
