import path from 'node:path';
import { redactDbUrl } from '@chronos/db';
import type { CoreHubChoice } from './choose-corehub.js';
import { redactRedisUrl } from './redis-check.js';

export type BannerInput = {
  apiUrl: string;
  /** The address the API is bound to (HOST as the OS took it) and its port. */
  listening: { host: string; port: number };
  databaseUrl: string;
  redisUrl: string;
  corehub: CoreHubChoice;
  /** `isNew`: created by this start, so shown once in full; later starts say only where it is kept. */
  adminToken: { token: string; file: string; isNew: boolean };
  cwd: string;
};

function describeHub(choice: CoreHubChoice): string {
  switch (choice.kind) {
    case 'demo':
      return `${choice.url}  (demo: the built-in CoreHub simulator with sample pipelines)`;
    case 'discovered':
      return `${choice.url}  (found by discovery)`;
    case 'configured':
      return `${choice.url}  (CORE_HUB_URL)`;
    case 'none':
      return 'none';
  }
}

/** A path as the operator would type it from where they started Chronos. */
function relativeToCwd(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Who can reach the API, from the address it is bound to. */
function describeListening({ host, port }: BannerInput['listening']): string {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  if (host === '0.0.0.0' || host === '::')
    return `${address}  (every interface: reachable from other machines)`;
  if (host === '127.0.0.1' || host === '::1') {
    return `${address}  (this machine only; HOST=0.0.0.0 opens it to others)`;
  }
  return `${address}  (HOST)`;
}

/**
 * What `chronos start` prints once both halves run: where everything is and the admin token. Each value
 * line is `  <label>  <value>` so scripts (and the README test) can read it.
 */
export function formatStartBanner(input: BannerInput): string {
  const tokenFile = relativeToCwd(input.adminToken.file, input.cwd);
  const tokenLines = input.adminToken.isNew
    ? [
        `  Admin token  ${input.adminToken.token}`,
        `               (SUPER_ADMIN, created now and shown only this once; kept in ${tokenFile};`,
        '               paste it into the console\'s sign-in, or send it as "Authorization: Bearer <token>")',
      ]
    : [`  Admin token  kept in ${tokenFile} (SUPER_ADMIN; print it with: cat ${tokenFile})`];
  const lines = [
    '',
    'Chronos is running: api + worker in one process.',
    `  Listening    ${describeListening(input.listening)}`,
    `  Console      ${input.apiUrl}/  (sign in with the admin token below)`,
    `  API docs     ${input.apiUrl}/docs/`,
    `  Bull Board   ${input.apiUrl}/admin/queues`,
    `  CoreHub      ${describeHub(input.corehub)}`,
    `  Database     ${redactDbUrl(input.databaseUrl)}`,
    `  Redis        ${redactRedisUrl(input.redisUrl)}`,
    ...tokenLines,
    '',
    `Try:  curl -H "Authorization: Bearer $(cat ${tokenFile})" ${input.apiUrl}/api/jobs  (also /metrics)`,
    'Stop: Ctrl-C (running executions finish first).',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
