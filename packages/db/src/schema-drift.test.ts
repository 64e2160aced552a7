import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSqliteSchema } from '../scripts/render-sqlite-schema.mjs';

const prismaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prisma');
const read = (provider: string) => fs.readFileSync(path.join(prismaDir, provider, 'schema.prisma'), 'utf8');

describe('prisma schemas', () => {
  it('keeps prisma/sqlite/schema.prisma exactly what sync-schemas renders from the PostgreSQL one', () => {
    // On failure: edit prisma/postgresql/schema.prisma only, then `pnpm --filter @chronos/db db:sync-schemas`.
    expect(read('sqlite')).toBe(renderSqliteSchema(read('postgresql')));
  });

  it('renders the SQLite provider, its own client output and no PostgreSQL native types', () => {
    const rendered = renderSqliteSchema(read('postgresql'));
    expect(rendered).toContain('provider = "sqlite"');
    expect(rendered).toContain('generated/sqlite"');
    expect(rendered).not.toMatch(/@db\./);
    expect(rendered).not.toContain('"postgresql"');
  });

  it('declares the same models with the same fields in both schemas', () => {
    const fieldsOf = (schema: string) =>
      [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, name, body]) => ({
        name,
        fields: (body ?? '')
          .split('\n')
          .map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '))
          .filter((line) => /^\w+ \w/.test(line)),
      }));
    const postgres = fieldsOf(read('postgresql'));
    expect(postgres.map((model) => model.name)).toEqual([
      'Job',
      'Execution',
      'ChainedJobEvent',
      'ChainStep',
      'WebhookArrival',
      'Setting',
      'Session',
      'TriggerFlow',
      'TriggerFlowEvent',
      'TriggerFlowExecutionLog',
      'JobNotification',
      'NotificationDelivery',
    ]);
    expect(fieldsOf(read('sqlite'))).toEqual(postgres);
  });
});
