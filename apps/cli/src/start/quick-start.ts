import type { ChronosConfig } from '@chronos/config';

/**
 * The quick start listens on this machine only unless HOST says otherwise (compose and the images set
 * HOST=0.0.0.0); the separate `chronos api` keeps the configuration's default.
 */
export function quickStartEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return env.HOST === undefined || env.HOST === '' ? { ...env, HOST: '127.0.0.1' } : env;
}

/** The line `chronos start` prints before discovery, so that its wait is not silence. */
export function describeDiscovery(discovery: ChronosConfig['corehub']['discovery']): string {
  const { host, startPort, portRange, timeoutMs } = discovery;
  const ports = portRange > 1 ? `ports ${startPort}-${startPort + portRange - 1}` : `port ${startPort}`;
  const seconds = Number((timeoutMs / 1000).toFixed(1));
  return `Looking for a CoreHub on the local network (UDP discovery to ${host} ${ports}, up to ${seconds} s; set CORE_HUB_URL to skip)…`;
}
