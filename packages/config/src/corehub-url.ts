export type CoreHubUrl = { url: string } | { error: string };

const DEFAULT_PORT = 1717;

/**
 * `host`, `host:port` or `scheme://host[:port]` → `scheme://host:port` (default port 1717; scheme from the
 * value, else https when SSL is enabled). Undefined when no host is configured: discovery takes over.
 */
export function normalizeCoreHubUrl(raw: string | undefined, sslEnabled: boolean): CoreHubUrl | undefined {
  if (!raw) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `${sslEnabled ? 'https' : 'http'}://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: `expected host, host:port or http(s)://host:port, got "${raw}"` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: `scheme must be http or https, got "${url.protocol.replace(':', '')}"` };
  }
  const port = url.port || String(DEFAULT_PORT);
  return { url: `${url.protocol}//${url.hostname}:${port}` };
}
