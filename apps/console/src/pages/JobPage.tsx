import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, links, unwrap } from '../api';
import { href, navigate } from '../route';
import { useCan } from '../session';
import { formatInstant } from '../time';
import { JobNotifications } from './JobNotifications';
import { StatusBadge } from './StatusBadge';
import { paramFieldsOf } from './task-types';

type RunOutcome = { status: string; message: string } | { error: string };

/** One job: its settings, next runs, controls the role allows, and its executions newest first. */
export function JobPage(props: { id: number }) {
  const { id } = props;
  const client = useQueryClient();
  const canControl = useCan('control');
  const canManage = useCan('manage');
  const [outcome, setOutcome] = useState<RunOutcome | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const path = { params: { path: { id } } };

  const job = useQuery({
    queryKey: ['job', id],
    queryFn: async () => unwrap(await api.GET('/api/jobs/{id}', path)),
  });
  const zone = job.data?.timezone_name ?? 'UTC';
  const nextRuns = useQuery({
    queryKey: ['job', id, 'next-runs', job.data?.cron_expression, zone],
    enabled: job.data !== undefined,
    queryFn: async () =>
      unwrap(
        await api.POST('/api/schedules/preview', {
          body: { cron_expression: job.data?.cron_expression ?? '', timezone: zone, count: 5 },
        }),
      ),
  });
  const executions = useQuery({
    queryKey: ['executions', id],
    queryFn: async () =>
      unwrap(await api.GET('/api/jobs/{id}/executions', { params: { path: { id }, query: { limit: 50 } } })),
  });

  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['job', id] });
    void client.invalidateQueries({ queryKey: ['jobs'] });
    void client.invalidateQueries({ queryKey: ['executions', id] });
    void client.invalidateQueries({ queryKey: ['deliveries', id] });
  };
  const runNow = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/jobs/{id}/run', {
          params: { path: { id }, query: { wait: true, timeout_seconds: 300 } },
        }),
      ),
    onMutate: () => setOutcome(null),
    onSuccess: (result) => {
      const finished = result as { status: string; message?: string };
      setOutcome({ status: finished.status, message: finished.message ?? '' });
      refresh();
    },
    onError: (error) => setOutcome({ error: error.message }),
  });
  const toggle = useMutation({
    mutationFn: async (enabled: boolean) =>
      unwrap(await api.PATCH('/api/jobs/{id}/status', { ...path, body: { enabled } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/jobs/{id}', path)),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['jobs'] });
      navigate({ page: 'jobs' });
    },
  });

  if (job.isPending) return <main>Loading…</main>;
  if (job.error) return <main role="alert">{job.error.message}</main>;
  const data = job.data;
  const targets = [
    ...data.entity_ids.map((entity) => `entity ${entity}`),
    ...data.group_ids.map((group) => `group ${group}`),
  ];

  return (
    <main>
      <p>
        <a href={href({ page: 'jobs' })}>← Jobs</a>
      </p>
      <div className="title-row">
        <h1>{data.name}</h1>
        <span className={data.enabled ? 'badge status-succeeded' : 'badge'}>
          {data.enabled ? 'enabled' : 'disabled'}
        </span>
      </div>
      {data.description && <p>{data.description}</p>}
      <nav className="actions" aria-label="Job actions">
        {canControl && (
          <button type="button" onClick={() => runNow.mutate()} disabled={runNow.isPending}>
            {runNow.isPending ? 'Running…' : 'Run now'}
          </button>
        )}
        {canControl && (
          <button type="button" onClick={() => toggle.mutate(!data.enabled)} disabled={toggle.isPending}>
            {data.enabled ? 'Disable' : 'Enable'}
          </button>
        )}
        {canManage && (
          <a className="button secondary" href={href({ page: 'edit', id })}>
            Edit
          </a>
        )}
        {canManage && !confirmDelete && (
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        )}
        {data.links.scheduler && (
          <a className="button secondary" href={links.fromApi(data.links.scheduler)}>
            Scheduler in Bull Board
          </a>
        )}
      </nav>
      {confirmDelete && (
        <div className="confirm" role="alertdialog" aria-labelledby="confirm-title">
          <p id="confirm-title">Delete “{data.name}” and its whole execution history?</p>
          <button
            type="button"
            className="danger"
            onClick={() => remove.mutate()}
            disabled={remove.isPending}
          >
            Yes, delete
          </button>
          <button type="button" onClick={() => setConfirmDelete(false)}>
            Cancel
          </button>
        </div>
      )}
      {(toggle.error || remove.error) && <p role="alert">{(toggle.error ?? remove.error)?.message}</p>}
      {outcome && (
        <p role="status" className="outcome">
          {'error' in outcome ? (
            outcome.error
          ) : (
            <>
              Run finished: <StatusBadge status={outcome.status} /> {outcome.message}
            </>
          )}
        </p>
      )}

      <div className="columns">
        <section aria-labelledby="settings-title">
          <h2 id="settings-title">Settings</h2>
          <dl>
            <dt>Task</dt>
            <dd>{data.task_type}</dd>
            <dt>Pipeline</dt>
            <dd>{data.pipeline_id || '—'}</dd>
            <dt>Targets</dt>
            <dd>{targets.join(', ') || '—'}</dd>
            {paramFieldsOf(data.task_type).map((field) => {
              const value = data[field.name];
              return (
                <ParamRow
                  key={field.name}
                  label={field.label}
                  value={
                    value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value)
                  }
                />
              );
            })}
            <dt>Schedule</dt>
            <dd>
              {data.schedule_description} <code>{data.cron_expression}</code>
            </dd>
            <dt>Zone</dt>
            <dd>
              {data.timezone_name}
              {data.follows_default_timezone ? ' (the default zone)' : ''}
            </dd>
            <dt>Snapshot</dt>
            <dd>
              {data.with_snapshot ? 'yes' : 'no'}, {data.snapshot_write_method}
            </dd>
            <dt>Policy</dt>
            <dd>
              overlap {data.concurrency_policy}, {data.max_attempts} attempts, timeout {data.timeout_seconds}{' '}
              s, misfire grace {data.misfire_grace_seconds} s
            </dd>
            <dt>Last run</dt>
            <dd>
              <StatusBadge status={data.last_status} /> {formatInstant(data.last_run, zone)}
            </dd>
            {data.last_error_message && (
              <>
                <dt>Last error</dt>
                <dd>{data.last_error_message}</dd>
              </>
            )}
          </dl>
        </section>
        <section aria-labelledby="next-title">
          <h2 id="next-title">Next runs</h2>
          {!data.enabled && <p className="muted">Disabled: it runs only when run by hand.</p>}
          {data.enabled && (
            <ol className="next-runs">
              {(nextRuns.data?.next_runs ?? []).map((run) => (
                <li key={run}>{formatInstant(run, zone)}</li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <JobNotifications jobId={id} notifications={data.notifications} zone={zone} />

      <section aria-labelledby="executions-title">
        <h2 id="executions-title">Executions</h2>
        {executions.data && executions.data.items.length === 0 && <p>No executions yet.</p>}
        {executions.data && executions.data.items.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Status</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Scheduled</th>
                  <th scope="col">Started</th>
                  <th scope="col">Finished</th>
                  <th scope="col">Attempt</th>
                  <th scope="col">Worker</th>
                  <th scope="col">Error</th>
                  <th scope="col">Steps</th>
                </tr>
              </thead>
              <tbody>
                {executions.data.items.map((execution) => (
                  <ExecutionRow key={execution.id} execution={execution} zone={zone} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}

function ParamRow(props: { label: string; value: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        <code>{props.value}</code>
      </dd>
    </>
  );
}

type ExecutionSummary = {
  id: number;
  status: string;
  trigger: string;
  scheduled_for: string;
  started_at: string | null;
  finished_at: string | null;
  attempt: number;
  worker_id: string | null;
  error: string | null;
};

function ExecutionRow(props: { execution: ExecutionSummary; zone: string }) {
  const { execution, zone } = props;
  const [open, setOpen] = useState(false);
  const steps = useQuery({
    queryKey: ['execution', execution.id],
    enabled: open,
    queryFn: async () =>
      unwrap(await api.GET('/api/executions/{id}', { params: { path: { id: execution.id } } })).steps,
  });
  return (
    <>
      <tr data-execution-id={execution.id}>
        <td>{execution.id}</td>
        <td>
          <StatusBadge status={execution.status} />
        </td>
        <td>{execution.trigger}</td>
        <td>{formatInstant(execution.scheduled_for, zone)}</td>
        <td>{formatInstant(execution.started_at, zone)}</td>
        <td>{formatInstant(execution.finished_at, zone)}</td>
        <td>{execution.attempt}</td>
        <td>{execution.worker_id ?? '—'}</td>
        <td>{execution.error ?? ''}</td>
        <td>
          <button
            type="button"
            className="link"
            aria-expanded={open}
            aria-label={`Steps of execution ${execution.id}`}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide' : 'Show'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="steps-row">
          <td colSpan={10}>
            {steps.isPending && 'Loading…'}
            {steps.data?.length === 0 && 'No CoreHub calls.'}
            {steps.data && steps.data.length > 0 && (
              <ol className="steps" aria-label={`CoreHub calls of execution ${execution.id}`}>
                {steps.data.map((step) => (
                  <li key={`${step.at} ${step.method} ${step.path}`}>
                    <code>
                      {step.method} {step.path}
                    </code>{' '}
                    → {step.status ?? 'no answer'} in {Math.round(step.duration_ms)} ms
                    {step.message ? ` — ${step.message}` : ''}
                  </li>
                ))}
              </ol>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
