import { describe, expect, it } from 'vitest';
import { jobFieldsFromFlags, scheduleFromFlags } from './flags.js';

describe('jobFieldsFromFlags', () => {
  it('maps every job option onto the API body field of the same meaning', () => {
    expect(
      jobFieldsFromFlags({
        name: 'Nightly',
        description: 'orders',
        task: 'entity_snapshot',
        days: 'monday, friday',
        at: '8:05',
        tz: 'Europe/Rome',
        pipeline: 'p1',
        entity: ['e1,e2', 'e3'],
        group: ['g1'],
        snapshot: true,
        'write-method': 'insert',
        concurrency: 'ALLOW',
        'misfire-grace': '30',
        'max-attempts': '2',
        timeout: '300',
      }),
    ).toEqual({
      name: 'Nightly',
      description: 'orders',
      task_type: 'entity_snapshot',
      schedule: { days_of_week: ['monday', 'friday'], hour: 8, minute: 5 },
      timezone: 'Europe/Rome',
      pipeline_id: 'p1',
      entity_ids: ['e1', 'e2', 'e3'],
      group_ids: ['g1'],
      with_snapshot: true,
      snapshot_write_method: 'INSERT',
      concurrency_policy: 'allow',
      misfire_grace_seconds: 30,
      max_attempts: 2,
      timeout_seconds: 300,
    });
  });

  it('leaves out what is not given, so an update keeps it', () => {
    expect(jobFieldsFromFlags({ 'no-snapshot': true })).toEqual({ with_snapshot: false });
    expect(jobFieldsFromFlags({})).toEqual({});
  });

  it('refuses contradictions and malformed numbers', () => {
    expect(() => jobFieldsFromFlags({ snapshot: true, 'no-snapshot': true })).toThrow(/contradict/);
    expect(() => jobFieldsFromFlags({ timeout: '5m' })).toThrow('--timeout must be a whole number, got "5m"');
  });
});

describe('scheduleFromFlags', () => {
  it('takes a cron expression, or --at with optional --days (none = every day)', () => {
    expect(scheduleFromFlags({ cron: '*/5 * * * *' })).toEqual({ cron_expression: '*/5 * * * *' });
    expect(scheduleFromFlags({}, '0 9 * * 1')).toEqual({ cron_expression: '0 9 * * 1' });
    expect(scheduleFromFlags({ at: '23:59' })).toEqual({
      schedule: { days_of_week: [], hour: 23, minute: 59 },
    });
    expect(scheduleFromFlags({})).toBeUndefined();
    expect(() => scheduleFromFlags({ days: 'monday' })).toThrow('--days needs --at HH:MM');
  });
});

describe('automation parameters and webhooks', () => {
  it('maps the parameter flags onto the API fields, leaving values for the API to judge', () => {
    expect(
      jobFieldsFromFlags({
        'agent-id': 'a1',
        sql: 'select 1',
        'saved-query': 'q1',
        'read-only': 'false',
        'agent-alias': 'ops',
        'agent-version': '3',
        'agent-input': '{"a":1}',
        'idempotency-key': 'k',
        reconcile: 'yes',
        viz: 'v1',
        'viz-param': ['region=emea', 'filter=a=b'],
      }),
    ).toEqual({
      agent_id: 'a1',
      query_sql: 'select 1',
      saved_query_id: 'q1',
      query_read_only: false,
      agent_alias: 'ops',
      agent_version: 3,
      agent_input: '{"a":1}',
      idempotency_key: 'k',
      validation_reconcile: true,
      viz_id: 'v1',
      visualize_parameters: { region: 'emea', filter: 'a=b' },
    });
  });

  it('turns --notify, --notify-events and --notify-secret into notifications; --no-notify clears them', () => {
    expect(
      jobFieldsFromFlags({
        notify: ['https://a.example/h'],
        'notify-events': 'failed, missed',
        'notify-secret': 's',
      }),
    ).toEqual({ notifications: [{ url: 'https://a.example/h', events: ['failed', 'missed'], secret: 's' }] });
    expect(jobFieldsFromFlags({ notify: ['https://a.example,https://b.example'] }).notifications).toEqual([
      { url: 'https://a.example' },
      { url: 'https://b.example' },
    ]);
    expect(jobFieldsFromFlags({ 'no-notify': true })).toEqual({ notifications: [] });
  });

  it('refuses command lines that contradict themselves, naming the flags', () => {
    expect(() => jobFieldsFromFlags({ 'viz-param': ['region'] })).toThrow('--viz-param takes key=value');
    expect(() => jobFieldsFromFlags({ notify: ['https://a'], 'no-notify': true })).toThrow('contradict');
    expect(() => jobFieldsFromFlags({ 'notify-secret': 'x' })).toThrow('need --notify <url>');
    expect(() => jobFieldsFromFlags({ notify: ['https://a', 'https://b'], 'notify-secret': 'x' })).toThrow(
      'single --notify',
    );
    expect(() => jobFieldsFromFlags({ 'agent-version': 'two' })).toThrow(
      '--agent-version must be a whole number',
    );
  });
});
