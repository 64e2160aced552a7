/**
 * TLS towards CoreHub, for both the REST dispatcher (undici) and the module WebSocket (ws).
 *
 * - `skipVerify` (SSL_SKIP_VERIFY): accept any certificate. Needed for CoreHub's default self-signed one.
 * - `ca`: PEM certificate(s) to trust in addition to the system store, e.g. the hub's self-signed cert.
 * - `securityConfigFile` (GLUESYNC_SECURITY_CONFIG): `security-config.json` naming a PKCS#12 keystore and its
 *   password (reference §5). Node's TLS takes it as `pfx` + `passphrase`, which presents it as the client
 *   identity (mutual TLS). Node cannot use a PKCS#12 file as a trust store, and cannot read JKS at all:
 *   convert JKS with `keytool -importkeystore -deststoretype PKCS12`, and give the hub's CA as `ca`.
 */
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { ConfigError } from '@chronos/errors';
import { z } from 'zod';

export type CoreHubTlsOptions = {
  skipVerify?: boolean;
  ca?: string | Buffer | Array<string | Buffer>;
  pfx?: Buffer;
  passphrase?: string;
  /** Path of `security-config.json`; its keystore becomes `pfx`/`passphrase` unless those are given. */
  securityConfigFile?: string;
};

/** The options handed to `tls.connect` by undici and ws. */
export type ResolvedTlsOptions = {
  rejectUnauthorized: boolean;
  ca?: string | Buffer | Array<string | Buffer>;
  pfx?: Buffer;
  passphrase?: string;
};

/** `security-config.json`; only the `ssl` block matters to the client. */
export const SecurityConfigSchema = z.looseObject({
  ssl: z.looseObject({
    sslCertificatePath: z.string().min(1),
    certificateAlias: z.string().optional(),
    certificatePassword: z.string().optional(),
    certificateKeyPassword: z.string().optional(),
  }),
});

const JKS_MAGIC = 0xfeedfeed;

function configError(message: string): ConfigError {
  return new ConfigError([{ path: 'GLUESYNC_SECURITY_CONFIG', message }]);
}

/**
 * Reads `security-config.json` and its keystore. Throws ConfigError for an unreadable file, a JKS keystore
 * or a wrong password, naming the file (never the password).
 */
export async function loadSecurityConfig(file: string): Promise<{ pfx: Buffer; passphrase?: string }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw configError(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const parsed = SecurityConfigSchema.safeParse(json);
  if (!parsed.success) throw configError(`${file} has no ssl.sslCertificatePath`);
  const { sslCertificatePath, certificatePassword } = parsed.data.ssl;
  let pfx: Buffer;
  try {
    pfx = await readFile(sslCertificatePath);
  } catch (error) {
    throw configError(
      `keystore ${sslCertificatePath} cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  if (pfx.length >= 4 && pfx.readUInt32BE(0) === JKS_MAGIC) {
    throw configError(
      `keystore ${sslCertificatePath} is JKS, which Node cannot read; convert it to PKCS#12 (keytool -importkeystore -deststoretype PKCS12)`,
    );
  }
  try {
    createSecureContext({ pfx, passphrase: certificatePassword });
  } catch (error) {
    throw configError(`keystore ${sslCertificatePath} cannot be opened: ${(error as Error).message}`);
  }
  return certificatePassword === undefined ? { pfx } : { pfx, passphrase: certificatePassword };
}

/** Resolves the client TLS options once (reading the security config when one is named). */
export async function resolveTlsOptions(options: CoreHubTlsOptions = {}): Promise<ResolvedTlsOptions> {
  const resolved: ResolvedTlsOptions = { rejectUnauthorized: options.skipVerify !== true };
  if (options.ca !== undefined) resolved.ca = options.ca;
  if (options.pfx !== undefined) {
    resolved.pfx = options.pfx;
    if (options.passphrase !== undefined) resolved.passphrase = options.passphrase;
  } else if (options.securityConfigFile) {
    Object.assign(resolved, await loadSecurityConfig(options.securityConfigFile));
  }
  return resolved;
}
