import path from 'node:path';
import { redactDbUrl } from '@chronos/db';
import type { CoreHubChoice } from './choose-corehub.js';

export type BannerInput = {
  apiUrl: string;
  databaseUrl: string;
  redisUrl: string;
  corehub: CoreHubChoice;
  adminToken: { token: string; file: string };
  cwd: string;
};

/** A Redis URL without its password. */
function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

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

/**
 * What `chronos start` prints once both halves run: where everything is and the admin token. Each value
 * line is `  <label>  <value>` so scripts (and the README test) can read it.
 */
export function formatStartBanner(input: BannerInput): string {
  const tokenFile = relativeToCwd(input.adminToken.file, input.cwd);
  const lines = [
    '',
    'Chronos is running: api + worker in one process.',
    `  Console      ${input.apiUrl}/  (sign in with the admin token below)`,
    `  API docs     ${input.apiUrl}/docs/`,
    `  Bull Board   ${input.apiUrl}/admin/queues`,
    `  CoreHub      ${describeHub(input.corehub)}`,
    `  Database     ${redactDbUrl(input.databaseUrl)}`,
    `  Redis        ${redactRedisUrl(input.redisUrl)}`,
    `  Admin token  ${input.adminToken.token}`,
    `               (SUPER_ADMIN, kept in ${tokenFile}; paste it into the console's sign-in, or send it as "Authorization: Bearer <token>")`,
    '',
    `Try:  curl -H "Authorization: Bearer $(cat ${tokenFile})" ${input.apiUrl}/api/jobs  (also /metrics)`,
    'Stop: Ctrl-C (running executions finish first).',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
