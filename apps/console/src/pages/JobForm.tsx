import type { components } from '@chronos/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, type FieldErrors, unwrap } from '../api';
import { href, navigate } from '../route';
import { browserZone, formatInstant } from '../time';
import { Field } from './Field';
import { type NotificationDraft, NotificationsFields } from './NotificationsFields';
import {
  needsOf,
  PARAM_FIELDS,
  type ParamField,
  type ParamName,
  paramFieldsOf,
  TASK_TYPES,
} from './task-types';

type Job = components['schemas']['Job'];
type TaskType = components['schemas']['TaskType'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** Where a created job's new secrets wait for its page to show them once (they are never read back). */
export const REVEALED_SECRETS_KEY = 'revealed-secrets';

type Draft = {
  name: string;
  description: string;
  task_type: TaskType;
  mode: 'friendly' | 'cron';
  days: string[];
  hour: string;
  minute: string;
  cron: string;
  timezone: string;
  pipeline_id: string;
  entity_ids: string;
  group_ids: string;
  with_snapshot: boolean;
  snapshot_write_method: 'UPSERT' | 'INSERT';
  /** The automation parameters as typed (text, or a checkbox's state). */
  params: Partial<Record<ParamName, string | boolean>>;
  notifications: NotificationDraft[];
};

/** A parameter of the job as the form edits it: JSON objects as indented text, checkboxes with defaults. */
function paramDraftOf(job: Job | undefined, field: ParamField): string | boolean {
  const value = job?.[field.name];
  if (field.kind === 'checkbox') return typeof value === 'boolean' ? value : field.name === 'query_read_only';
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value, null, 2) : String(value);
}

/** The body value of a parameter: null when blank or not the type's (an update clears it). */
function paramBodyOf(draft: Draft, field: ParamField): unknown {
  if (!paramFieldsOf(draft.task_type).some((own) => own.name === field.name)) return null;
  const value = draft.params[field.name];
  if (field.kind === 'checkbox') return value === true;
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return null;
  // A number the api judges (a whole number ≥ 1); JSON as typed, for the api to read and judge.
  return field.kind === 'number' ? Number(text) : text;
}

function draftOf(job: Job | undefined): Draft {
  const [minute = '0', hour = '8'] = job?.cron_expression.split(/\s+/) ?? [];
  return {
    name: job?.name ?? '',
    description: job?.description ?? '',
    task_type: (job?.task_type as TaskType | undefined) ?? 'pipeline_start',
    mode: job?.is_cron_expression ? 'cron' : 'friendly',
    days: job?.schedule_days ?? [],
    hour: job ? hour : '8',
    minute: job ? minute : '30',
    cron: job?.cron_expression ?? '',
    timezone: job ? (job.follows_default_timezone ? '' : job.timezone_name) : browserZone(),
    pipeline_id: job?.pipeline_id ?? '',
    entity_ids: job?.entity_ids.join(', ') ?? '',
    group_ids: job?.group_ids.join(', ') ?? '',
    with_snapshot: job?.with_snapshot ?? false,
    snapshot_write_method: job?.snapshot_write_method ?? 'UPSERT',
    params: Object.fromEntries(PARAM_FIELDS.map((field) => [field.name, paramDraftOf(job, field)])),
    notifications: (job?.notifications ?? []).map((notification) => ({
      id: notification.id,
      url: notification.url,
      events: notification.events,
      secret: '',
    })),
  };
}

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** The schedule part of a body: the friendly format or a cron expression, and the zone (blank = default). */
function scheduleOf(draft: Draft) {
  const schedule =
    draft.mode === 'friendly'
      ? { schedule: { days_of_week: draft.days, hour: Number(draft.hour), minute: Number(draft.minute) } }
      : { cron_expression: draft.cron };
  return { ...schedule, timezone: draft.timezone.trim() || null };
}

/** The api's message about a part of a field (`visualize_parameters.region`), prefixed with that part. */
function errorInside(fields: FieldErrors, key: string): string | undefined {
  const inner = Object.keys(fields).find((path) => path.startsWith(`${key}.`));
  return inner ? `${inner.slice(key.length + 1)}: ${fields[inner]}` : undefined;
}

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** Create (no `id`) or edit a job, with the next runs of the schedule as it is typed. */
export function JobForm(props: { id?: number }) {
  const { id } = props;
  const client = useQueryClient();
  const existing = useQuery({
    queryKey: ['job', id],
    enabled: id !== undefined,
    queryFn: async () => unwrap(await api.GET('/api/jobs/{id}', { params: { path: { id: id ?? 0 } } })),
  });
  const [draft, setDraft] = useState<Draft | null>(id === undefined ? draftOf(undefined) : null);
  useEffect(() => {
    if (existing.data && !draft) setDraft(draftOf(existing.data));
  }, [existing.data, draft]);

  const schedule = useDebounced(draft ? scheduleOf(draft) : null, 300);
  const preview = useQuery({
    queryKey: ['preview', schedule],
    enabled: schedule !== null,
    retry: false,
    queryFn: async () => {
      const { timezone, ...rest } = schedule ?? { timezone: null };
      return unwrap(
        await api.POST('/api/schedules/preview', {
          body: { ...rest, ...(timezone ? { timezone } : {}), count: 5 },
        }),
      );
    },
  });
  const previewFields = preview.error instanceof ApiError ? preview.error.fields : {};

  const save = useMutation({
    mutationFn: async (current: Draft) => {
      const needs = needsOf(current.task_type);
      const body = {
        name: current.name,
        description: current.description || null,
        task_type: current.task_type,
        ...scheduleOf(current),
        ...(current.mode === 'friendly' ? { cron_expression: null } : { schedule: null }),
        pipeline_id: current.pipeline_id,
        entity_ids: needs === 'entities' ? list(current.entity_ids) : [],
        group_ids: needs === 'groups' ? list(current.group_ids) : [],
        with_snapshot: current.with_snapshot,
        snapshot_write_method: current.snapshot_write_method,
        ...(Object.fromEntries(
          PARAM_FIELDS.map((field) => [field.name, paramBodyOf(current, field)]),
        ) as Record<ParamName, never>),
        notifications: current.notifications.map((notification) => ({
          ...(notification.id === undefined ? {} : { id: notification.id }),
          url: notification.url.trim(),
          events: notification.events,
          // Blank: a new notification gets a generated secret, an existing one keeps its own.
          ...(notification.secret.trim() ? { secret: notification.secret.trim() } : {}),
        })),
      };
      if (id === undefined) {
        const { cron_expression, schedule: friendly, ...rest } = body;
        return unwrap(
          await api.POST('/api/jobs', {
            body: {
              ...rest,
              ...(friendly ? { schedule: friendly } : { cron_expression: cron_expression ?? '' }),
            },
          }),
        );
      }
      return unwrap(await api.PUT('/api/jobs/{id}', { params: { path: { id } }, body }));
    },
    onSuccess: (job) => {
      const secrets = job.notifications.flatMap((n) => (n.secret ? [{ url: n.url, secret: n.secret }] : []));
      if (secrets.length > 0) client.setQueryData([REVEALED_SECRETS_KEY, job.id], secrets);
      void client.invalidateQueries({ queryKey: ['jobs'] });
      void client.invalidateQueries({ queryKey: ['job', job.id] });
      navigate({ page: 'job', id: job.id });
    },
  });
  const saveFields: FieldErrors = save.error instanceof ApiError ? save.error.fields : {};

  if (!draft) return <main>{existing.error ? existing.error.message : 'Loading…'}</main>;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const errorOf = (...keys: string[]) =>
    keys.map((key) => saveFields[key] ?? previewFields[key] ?? errorInside(saveFields, key)).find(Boolean);
  const needs = needsOf(draft.task_type);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft) save.mutate(draft);
  }

  return (
    <main>
      <p>
        <a href={id === undefined ? href({ page: 'jobs' }) : href({ page: 'job', id })}>← Back</a>
      </p>
      <h1>{id === undefined ? 'New job' : `Edit ${existing.data?.name ?? ''}`}</h1>
      <form className="job-form" onSubmit={submit} noValidate>
        <Field id="name" label="Name" error={errorOf('name')}>
          <input id="name" value={draft.name} onChange={(e) => set({ name: e.target.value })} required />
        </Field>
        <Field id="description" label="Description" error={errorOf('description')}>
          <input
            id="description"
            value={draft.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        </Field>
        <Field id="task_type" label="Task" error={errorOf('task_type')}>
          <select
            id="task_type"
            value={draft.task_type}
            onChange={(e) => set({ task_type: e.target.value as TaskType })}
          >
            {TASK_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </Field>
        {needs !== 'none' && (
          <Field id="pipeline_id" label="Pipeline id" error={errorOf('pipeline_id')}>
            <input
              id="pipeline_id"
              value={draft.pipeline_id}
              onChange={(e) => set({ pipeline_id: e.target.value })}
            />
          </Field>
        )}
        {needs === 'entities' && (
          <Field id="entity_ids" label="Entity ids (comma-separated)" error={errorOf('entity_ids')}>
            <input
              id="entity_ids"
              value={draft.entity_ids}
              onChange={(e) => set({ entity_ids: e.target.value })}
            />
          </Field>
        )}
        {needs === 'groups' && (
          <Field id="group_ids" label="Group id" error={errorOf('group_ids')}>
            <input
              id="group_ids"
              value={draft.group_ids}
              onChange={(e) => set({ group_ids: e.target.value })}
            />
          </Field>
        )}
        {paramFieldsOf(draft.task_type).map((field) => (
          <ParamInput
            key={field.name}
            field={field}
            value={draft.params[field.name]}
            error={errorOf(field.name)}
            onChange={(value) => set({ params: { ...draft.params, [field.name]: value } })}
          />
        ))}
        <fieldset>
          <legend>Schedule</legend>
          <div className="radios">
            <label>
              <input
                type="radio"
                name="mode"
                checked={draft.mode === 'friendly'}
                onChange={() => set({ mode: 'friendly' })}
              />
              Days and time
            </label>
            <label>
              <input
                type="radio"
                name="mode"
                checked={draft.mode === 'cron'}
                onChange={() => set({ mode: 'cron' })}
              />
              Cron expression
            </label>
          </div>
          {draft.mode === 'friendly' ? (
            <>
              <fieldset className="days">
                <legend>Days (none = every day)</legend>
                {DAYS.map((day) => (
                  <label key={day}>
                    <input
                      type="checkbox"
                      checked={draft.days.includes(day)}
                      onChange={(e) =>
                        set({
                          days: e.target.checked ? [...draft.days, day] : draft.days.filter((d) => d !== day),
                        })
                      }
                    />
                    {day.slice(0, 3)}
                  </label>
                ))}
              </fieldset>
              <div className="inline">
                <Field id="hour" label="Hour (0–23)" error={errorOf('schedule.hour')}>
                  <input
                    id="hour"
                    type="number"
                    min={0}
                    max={23}
                    value={draft.hour}
                    onChange={(e) => set({ hour: e.target.value })}
                  />
                </Field>
                <Field id="minute" label="Minute (0–59)" error={errorOf('schedule.minute')}>
                  <input
                    id="minute"
                    type="number"
                    min={0}
                    max={59}
                    value={draft.minute}
                    onChange={(e) => set({ minute: e.target.value })}
                  />
                </Field>
              </div>
            </>
          ) : (
            <Field id="cron" label="Cron expression" error={errorOf('cron_expression')}>
              <input
                id="cron"
                value={draft.cron}
                onChange={(e) => set({ cron: e.target.value })}
                placeholder="30 8 * * 1-5"
              />
            </Field>
          )}
          <Field id="timezone" label="Zone (IANA, blank = the default zone)" error={errorOf('timezone')}>
            <input id="timezone" value={draft.timezone} onChange={(e) => set({ timezone: e.target.value })} />
          </Field>
          <section className="preview" aria-live="polite" aria-labelledby="preview-title">
            <h2 id="preview-title">Next runs</h2>
            {preview.data && (
              <>
                <p>
                  {preview.data.description} — <code>{preview.data.cron_expression}</code>
                </p>
                <ol className="next-runs">
                  {preview.data.next_runs.map((run) => (
                    <li key={run}>{formatInstant(run, preview.data.timezone)}</li>
                  ))}
                </ol>
              </>
            )}
            {preview.error && <p className="error">{preview.error.message}</p>}
          </section>
        </fieldset>
        <div className="inline">
          <label>
            <input
              type="checkbox"
              checked={draft.with_snapshot}
              onChange={(e) => set({ with_snapshot: e.target.checked })}
            />
            With snapshot
          </label>
          <label>
            Write method{' '}
            <select
              value={draft.snapshot_write_method}
              onChange={(e) =>
                set({ snapshot_write_method: e.target.value as Draft['snapshot_write_method'] })
              }
            >
              <option>UPSERT</option>
              <option>INSERT</option>
            </select>
          </label>
        </div>
        <NotificationsFields
          notifications={draft.notifications}
          onChange={(notifications) => set({ notifications })}
          errorOf={errorOf}
        />
        {save.error && (
          <p role="alert" className="error">
            {save.error.message}
          </p>
        )}
        <button type="submit" disabled={save.isPending}>
          {id === undefined ? 'Create job' : 'Save'}
        </button>
      </form>
    </main>
  );
}

/** One automation parameter, with the api's message for it at the field. */
function ParamInput(props: {
  field: ParamField;
  value: string | boolean | undefined;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
}) {
  const { field, value, error, onChange } = props;
  if (field.kind === 'checkbox') {
    return (
      <Field id={field.name} label={field.label} error={error}>
        <input
          id={field.name}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      </Field>
    );
  }
  const text = typeof value === 'string' ? value : '';
  return (
    <Field id={field.name} label={field.label} error={error}>
      {field.kind === 'textarea' || field.kind === 'json' ? (
        <textarea id={field.name} rows={4} value={text} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          id={field.name}
          type={field.kind === 'number' ? 'number' : 'text'}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
