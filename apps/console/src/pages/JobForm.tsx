import type { components } from '@chronos/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { cloneElement, type FormEvent, type ReactElement, useEffect, useState } from 'react';
import { ApiError, api, type FieldErrors, unwrap } from '../api';
import { href, navigate } from '../route';
import { browserZone, formatInstant } from '../time';
import { FORM_TASK_TYPES, needsOf } from './task-types';

type Job = components['schemas']['Job'];
type TaskType = components['schemas']['TaskType'];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

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
};

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
      void client.invalidateQueries({ queryKey: ['jobs'] });
      void client.invalidateQueries({ queryKey: ['job', job.id] });
      navigate({ page: 'job', id: job.id });
    },
  });
  const saveFields: FieldErrors = save.error instanceof ApiError ? save.error.fields : {};

  if (!draft) return <main>{existing.error ? existing.error.message : 'Loading…'}</main>;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const errorOf = (...keys: string[]) =>
    keys.map((key) => saveFields[key] ?? previewFields[key]).find(Boolean);
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
            {FORM_TASK_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </Field>
        <Field id="pipeline_id" label="Pipeline id" error={errorOf('pipeline_id')}>
          <input
            id="pipeline_id"
            value={draft.pipeline_id}
            onChange={(e) => set({ pipeline_id: e.target.value })}
          />
        </Field>
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

/** A labelled control; the server's message for it is shown under it and announced with it. */
function Field(props: {
  id: string;
  label: string;
  error: string | undefined;
  children: ReactElement<{ 'aria-invalid'?: boolean; 'aria-describedby'?: string }>;
}) {
  const control = props.error
    ? cloneElement(props.children, { 'aria-invalid': true, 'aria-describedby': `${props.id}-error` })
    : props.children;
  return (
    <div className={props.error ? 'field invalid' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {control}
      {props.error && (
        <p className="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}
