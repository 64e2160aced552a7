import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, unwrap } from '../api';
import { href } from '../route';
import { useCan } from '../session';
import { formatInstant } from '../time';
import { StatusBadge } from './StatusBadge';
import { TASK_TYPES } from './task-types';

/** Every job with its schedule, next run and last outcome; filters by task type and state, search by name. */
export function JobsList() {
  const canManage = useCan('manage');
  const [taskType, setTaskType] = useState('');
  const [enabled, setEnabled] = useState('');
  const [search, setSearch] = useState('');
  const jobs = useQuery({
    queryKey: ['jobs', taskType, enabled],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/jobs', {
          params: {
            query: {
              limit: 1000,
              ...(taskType ? { task_type: taskType as (typeof TASK_TYPES)[number] } : {}),
              ...(enabled ? { enabled: enabled === 'true' } : {}),
            },
          },
        }),
      ),
  });
  const shown = useMemo(() => {
    const words = search.trim().toLowerCase();
    const items = jobs.data?.items ?? [];
    if (!words) return items;
    return items.filter((job) =>
      `${job.name} ${job.description ?? ''} ${job.pipeline_id}`.toLowerCase().includes(words),
    );
  }, [jobs.data, search]);

  return (
    <main>
      <div className="title-row">
        <h1>Jobs</h1>
        {canManage && (
          <a className="button" href={href({ page: 'new' })}>
            New job
          </a>
        )}
      </div>
      <div className="filters">
        <label>
          Search
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label>
          Task type
          <select value={taskType} onChange={(event) => setTaskType(event.target.value)}>
            <option value="">All</option>
            {TASK_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={enabled} onChange={(event) => setEnabled(event.target.value)}>
            <option value="">All</option>
            <option value="true">Enabled</option>
            <option value="false">Disabled</option>
          </select>
        </label>
      </div>
      {jobs.isPending && <p>Loading…</p>}
      {jobs.error && <p role="alert">{jobs.error.message}</p>}
      {jobs.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Jobs</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="wide-only">
                  Task
                </th>
                <th scope="col">Schedule</th>
                <th scope="col" className="wide-only">
                  Zone
                </th>
                <th scope="col">Enabled</th>
                <th scope="col">Next run</th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((job) => (
                <tr key={job.id}>
                  <td>
                    <a href={href({ page: 'job', id: job.id })}>{job.name}</a>
                  </td>
                  <td className="wide-only">{job.task_type}</td>
                  <td>
                    {job.schedule_description}
                    <br />
                    <code>{job.cron_expression}</code>
                  </td>
                  <td className="wide-only">{job.timezone_name}</td>
                  <td>{job.enabled ? 'yes' : 'no'}</td>
                  <td>{formatInstant(job.next_run, job.timezone_name)}</td>
                  <td>
                    <StatusBadge status={job.last_status} />
                    {job.last_run && (
                      <div className="muted">{formatInstant(job.last_run, job.timezone_name)}</div>
                    )}
                  </td>
                </tr>
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={7}>No jobs{search || taskType || enabled ? ' match' : ' yet'}.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
