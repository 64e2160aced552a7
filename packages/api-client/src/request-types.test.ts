import { describe, expect, it } from 'vitest';
import type { paths } from './generated/schema.js';

type CreateJobBody = NonNullable<paths['/api/jobs']['post']['requestBody']>['content']['application/json'];
type PreviewBody = NonNullable<
  paths['/api/schedules/preview']['post']['requestBody']
>['content']['application/json'];

describe('generated request types', () => {
  it('leave out the fields the api defaults (typecheck fails otherwise)', () => {
    // Without pipeline_id, with_snapshot, snapshot_write_method, enabled (create) or count (preview).
    const create: CreateJobBody = { name: 'n', task_type: 'pipeline_start', cron_expression: '0 8 * * *' };
    const preview: PreviewBody = { cron_expression: '0 8 * * *' };
    expect([create.name, preview.cron_expression]).toEqual(['n', '0 8 * * *']);
  });
});
