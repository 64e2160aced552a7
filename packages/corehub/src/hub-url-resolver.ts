import { ConfigError } from '@chronos/errors';
import { type DiscoveryOptions, discoverCoreHub } from './discovery.js';

/**
 * Where CoreHub is: the configured URL, else the last discovered one, else a fresh discovery. A discovered
 * URL is forgotten when connecting to it fails, so the next attempt discovers again (the hub may have moved).
 */
export class HubUrlResolver {
  private discovered: string | undefined;

  constructor(
    private readonly configuredUrl: string | undefined,
    private readonly discovery: DiscoveryOptions | undefined,
    private readonly moduleTag: string,
  ) {
    if (!configuredUrl && !discovery) {
      throw new ConfigError([
        { path: 'CORE_HUB_URL', message: 'no CoreHub URL configured and discovery is disabled' },
      ]);
    }
  }

  /** The URL known right now, without discovering. */
  known(): string | undefined {
    return this.configuredUrl ?? this.discovered;
  }

  async resolve(signal?: AbortSignal): Promise<string> {
    const known = this.known();
    if (known) return known;
    // Checked in the constructor: without a URL there is a discovery configuration.
    const options = this.discovery as DiscoveryOptions;
    this.discovered = await discoverCoreHub({ moduleTag: this.moduleTag, ...options }, signal);
    return this.discovered;
  }

  forget(url: string): void {
    if (this.discovered === url) this.discovered = undefined;
  }
}
