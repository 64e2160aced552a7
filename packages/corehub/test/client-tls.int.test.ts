import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@chronos/errors';
import { generate } from 'selfsigned';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreHubNetworkError } from '../src/index.js';
import { getList, startClient, startSimulator } from './helpers/client.js';

type Pem = { key: string; cert: string };

async function createCertificate(commonName: string): Promise<Pem> {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** A PKCS#12 keystore and the security-config.json naming it, as Gluesync ships them. */
function writeSecurityConfig(dir: string, pem: Pem, password: string, configPassword = password): string {
  writeFileSync(join(dir, 'key.pem'), pem.key);
  writeFileSync(join(dir, 'cert.pem'), pem.cert);
  const keystore = join(dir, 'gluesync.p12');
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    join(dir, 'key.pem'),
    '-in',
    join(dir, 'cert.pem'),
    '-out',
    keystore,
    '-passout',
    `pass:${password}`,
  ]);
  const file = join(dir, `security-config-${configPassword}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      ssl: {
        sslCertificatePath: keystore,
        certificateAlias: 'gluesync',
        certificatePassword: configPassword,
        certificateKeyPassword: configPassword,
      },
    }),
  );
  return file;
}

describe('TLS towards CoreHub', () => {
  let server: Pem;
  let moduleIdentity: Pem;
  let dir: string;

  beforeAll(async () => {
    server = await createCertificate('corehub.sim');
    moduleIdentity = await createCertificate('chronos.module');
    dir = mkdtempSync(join(tmpdir(), 'corehub-tls-'));
  });

  it('works with a self-signed hub certificate when verification is skipped', async () => {
    const sim = await startSimulator({ tls: server });
    expect(sim.url).toMatch(/^https:/);
    const client = startClient({ url: sim.url, tls: { skipVerify: true } });

    await expect(getList(client, '/pipelines')).resolves.toHaveLength(3);
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(1);
  });

  it('fails clearly, without retrying, when the self-signed certificate is not trusted', async () => {
    const sim = await startSimulator({ tls: server });
    const client = startClient({ url: sim.url });
    const error = await client.connect().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CoreHubNetworkError);
    expect(error).toMatchObject({ code: 'COREHUB_TLS_UNTRUSTED', retryable: false });
    expect((error as Error).message).toContain('SSL_SKIP_VERIFY');
    expect(sim.journal({ path: '/ext-module' })).toHaveLength(0);
  });

  it('verifies the hub against a given CA', async () => {
    const sim = await startSimulator({ tls: server });
    const client = startClient({ url: sim.url, tls: { ca: server.cert } });

    await expect(getList(client, '/pipelines/8aeb9fb6/config/groups')).resolves.toHaveLength(2);
  });

  it('presents the keystore of security-config.json as the module identity (mutual TLS)', async () => {
    const sim = await startSimulator({ tls: { ...server, ca: moduleIdentity.cert, requestCert: true } });
    const securityConfigFile = writeSecurityConfig(dir, moduleIdentity, 's3cret');
    const client = startClient({ url: sim.url, tls: { ca: server.cert, securityConfigFile } });

    await expect(getList(client, '/pipelines')).resolves.toHaveLength(3);

    const anonymous = startClient({ url: sim.url, tls: { ca: server.cert } });
    await expect(getList(anonymous, '/pipelines', { timeoutMs: 500 })).rejects.toMatchObject({
      code: 'COREHUB_NOT_CONNECTED',
    });
  });

  it('reports a keystore password that does not open the keystore as a configuration error', async () => {
    const sim = await startSimulator({ tls: server });
    const securityConfigFile = writeSecurityConfig(dir, moduleIdentity, 'right', 'wrong');
    const client = startClient({ url: sim.url, tls: { skipVerify: true, securityConfigFile } });
    const error = await client.connect().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]?.path).toBe('GLUESYNC_SECURITY_CONFIG');
    expect((error as Error).message).not.toContain('wrong');
  });

  it('refuses JKS keystores with a conversion hint', async () => {
    const jks = join(dir, 'gluesync.jks');
    writeFileSync(jks, Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]));
    const file = join(dir, 'security-config-jks.json');
    writeFileSync(file, JSON.stringify({ ssl: { sslCertificatePath: jks, certificatePassword: 'x' } }));
    const sim = await startSimulator();
    const client = startClient({ url: sim.url, tls: { securityConfigFile: file } });

    await expect(client.connect()).rejects.toThrow(/PKCS#12/);
  });
});
