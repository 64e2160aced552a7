import type { Job } from '@chronos/jobs';
import { describe, expect, it } from 'vitest';
import { toJobResponse } from './job-response.js';

const JOB: Job = {
  id: 7,
  name: 'Start orders',
  description: null,
  taskType: 'entity_start',
  cronExpression: '30 8 * * 1,3,5',
  isCronExpression: false,
  timezoneName: 'Europe/Rome',
  followsDefaultTimezone: true,
  pipelineId: 'pipeline-1',
  entityIds: ['orders'],
  groupIds: [],
  withSnapshot: false,
  snapshotWriteMethod: 'UPSERT',
  taskParams: {},
  enabled: true,
  cronJobIdentifier: 'gluesync_job_0a1b2c3d',
  concurrencyPolicy: 'forbid',
  misfireGraceSeconds: 60,
  catchup: 'latest',
  catchupWindowSeconds: 60,
  scheduleChangedAt: new Date('2025-04-10T10:00:00Z'),
  maxAttempts: 3,
  timeoutSeconds: 600,
  version: 4,
  createdAt: new Date('2025-04-10T10:00:00Z'),
  updatedAt: new Date('2025-04-11T10:00:00.500Z'),
  lastRun: new Date('2025-04-11T06:30:00Z'),
  lastSuccessfulRun: null,
  lastErrorMessage: 'CoreHub answered 500',
  lastRunErrorTime: new Date('2025-04-11T06:30:02Z'),
  nextRun: new Date('2025-04-14T06:30:00Z'),
  lastStatus: 'failed',
};

describe('toJobResponse', () => {
  it("writes the reference's fields with instants in the job's zone", () => {
    expect(toJobResponse(JOB)).toEqual({
      id: 7,
      name: 'Start orders',
      description: null,
      task_type: 'entity_start',
      cron_expression: '30 8 * * 1,3,5',
      is_cron_expression: false,
      timezone_name: 'Europe/Rome',
      timezone: 'Europe/Rome',
      follows_default_timezone: true,
      pipeline_id: 'pipeline-1',
      entity_ids: ['orders'],
      group_ids: [],
      with_snapshot: false,
      snapshot_write_method: 'UPSERT',
      enabled: true,
      cron_job_identifier: 'gluesync_job_0a1b2c3d',
      schedule_days: ['monday', 'wednesday', 'friday'],
      schedule_description: expect.stringContaining('(Europe/Rome)'),
      concurrency_policy: 'forbid',
      misfire_grace_seconds: 60,
      catchup: 'latest',
      catchup_window_seconds: 60,
      chained_events: [],
      max_attempts: 3,
      timeout_seconds: 600,
      version: 4,
      created_at: '2025-04-10T12:00:00+02:00',
      updated_at: '2025-04-11T12:00:00.500+02:00',
      last_run: '2025-04-11T08:30:00+02:00',
      last_successful_run: null,
      last_error_message: 'CoreHub answered 500',
      last_run_error_time: '2025-04-11T08:30:02+02:00',
      last_status: 'failed',
      next_run: '2025-04-14T08:30:00+02:00',
      start_time: '2025-04-14T08:30:00+0200',
      // The tick BullMQ holds for 2025-04-14T06:30:00Z, in Bull Board.
      links: { scheduler: '/admin/queues/queue/chronos-runs/repeat%3Ajob-7%3A1744612200000' },
      agent_id: null,
      query_sql: null,
      saved_query_id: null,
      query_read_only: null,
      agent_alias: null,
      agent_version: null,
      agent_input: null,
      idempotency_key: null,
      validation_reconcile: null,
      viz_id: null,
      visualize_parameters: null,
      command: 'Scheduled job ID: job_7',
      notifications: [],
    });
  });

  it("says `disabled` in the reference's command field for a disabled job", () => {
    expect(toJobResponse({ ...JOB, enabled: false }).command).toBe('disabled');
  });

  it('shows the automation params under their snake_case fields', () => {
    const response = toJobResponse({
      ...JOB,
      taskType: 'query_studio',
      taskParams: { agentId: 'a1', queryReadOnly: false },
    });
    expect(response).toMatchObject({ agent_id: 'a1', query_read_only: false, query_sql: null });
  });

  it('adds schedule_sync only when a write reports it', () => {
    expect(toJobResponse(JOB, 'pending').schedule_sync).toBe('pending');
    expect(toJobResponse(JOB)).not.toHaveProperty('schedule_sync');
  });

  it('leaves next_run, start_time and the scheduler link null for a job that will not fire', () => {
    const response = toJobResponse({ ...JOB, enabled: false, nextRun: null });
    expect(response.next_run).toBeNull();
    expect(response.start_time).toBeNull();
    expect(response.links.scheduler).toBeNull();
  });
});
