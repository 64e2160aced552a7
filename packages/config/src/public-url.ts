export type ModuleAddress = { port: number; scheme: 'http' | 'https' } | { error: string };

/**
 * Where CoreHub reaches Chronos's api (its webhooks go there), as the module handshake announces it:
 * `Module-Port` and `Module-Scheme`. From `PUBLIC_URL` when set (behind a proxy or from a worker process,
 * whose own PORT is not the api's), else the api's own `PORT` and `SSL_ENABLED`. The handshake carries no
 * host, so only the scheme and port of PUBLIC_URL are announced.
 */
export function resolveModuleAddress(
  publicUrl: string | undefined,
  port: number,
  sslEnabled: boolean,
): ModuleAddress {
  if (!publicUrl) return { port, scheme: sslEnabled ? 'https' : 'http' };
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return { error: `expected the api's address as http(s)://host[:port], got "${publicUrl}"` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { error: `scheme must be http or https, got "${url.protocol.replace(':', '')}"` };
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  return { port: url.port ? Number(url.port) : scheme === 'https' ? 443 : 80, scheme };
}
