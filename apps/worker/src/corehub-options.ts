import type { ChronosConfig } from '@chronos/config';
import type { CreateCoreHubClientOptions } from '@chronos/corehub';
import type { Logger } from '@chronos/logger';

/** Maps `config.corehub` onto the CoreHub client's options (the client never reads the environment). */
export function toCoreHubClientOptions(
  config: Pick<ChronosConfig, 'corehub' | 'isProduction'>,
  logger: Logger,
): CreateCoreHubClientOptions {
  const { corehub } = config;
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
    logger,
    isProduction: config.isProduction,
  };
}
