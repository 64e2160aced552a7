import type { Logger } from '@chronos/logger';
import type { CreateCoreHubClientOptions } from './create-corehub-client.js';
import type { DiscoveryOptions } from './discovery.js';

/** The slice of Chronos's config the client needs (`config.corehub` of @chronos/config, structurally). */
export type CoreHubConfigSlice = {
  url?: string | undefined;
  licenseFile?: string | undefined;
  securityConfigFile?: string | undefined;
  sslSkipVerify: boolean;
  moduleTag: string;
  modulePort: number;
  moduleScheme: 'http' | 'https';
  discovery: Omit<DiscoveryOptions, 'moduleTag'>;
  requestTimeoutMs: number;
  healthCheckIntervalMs: number;
};

/**
 * Maps `config.corehub` onto the client's options, so every process builds its client the same way (the
 * client itself never reads the environment). No URL means discovery.
 */
export function coreHubOptionsFromConfig(
  corehub: CoreHubConfigSlice,
  context: { logger: Logger; isProduction: boolean },
): CreateCoreHubClientOptions {
  return {
    ...(corehub.url
      ? { url: corehub.url }
      : { discovery: { ...corehub.discovery, moduleTag: corehub.moduleTag } }),
    ...(corehub.licenseFile ? { licenseFile: corehub.licenseFile } : {}),
    moduleTag: corehub.moduleTag,
    modulePort: corehub.modulePort,
    moduleScheme: corehub.moduleScheme,
    tls: {
      skipVerify: corehub.sslSkipVerify,
      ...(corehub.securityConfigFile ? { securityConfigFile: corehub.securityConfigFile } : {}),
    },
    requestTimeoutMs: corehub.requestTimeoutMs,
    healthCheckIntervalMs: corehub.healthCheckIntervalMs,
    logger: context.logger,
    isProduction: context.isProduction,
  };
}
