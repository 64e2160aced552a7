import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, unwrap } from '../api';
import { useCan } from '../session';

/** The default zone: jobs without their own zone follow it (changing it reschedules them). */
export function Settings() {
  const client = useQueryClient();
  const canConfigure = useCan('configure');
  const setting = useQuery({
    queryKey: ['setting', 'timezone'],
    queryFn: async () =>
      unwrap(await api.GET('/api/settings/{key}', { params: { path: { key: 'timezone' } } })),
  });
  const [zone, setZone] = useState('');
  useEffect(() => {
    if (setting.data?.value) setZone(setting.data.value);
  }, [setting.data]);
  const save = useMutation({
    mutationFn: async (value: string) =>
      unwrap(
        await api.PUT('/api/settings/{key}', { params: { path: { key: 'timezone' } }, body: { value } }),
      ),
    onSuccess: (saved) => {
      client.setQueryData(['setting', 'timezone'], saved);
      void client.invalidateQueries({ queryKey: ['jobs'] });
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(zone.trim());
  }

  const fieldError = save.error instanceof ApiError ? (save.error.fields.value ?? save.error.message) : null;
  return (
    <main>
      <h1>Settings</h1>
      <form onSubmit={submit}>
        <label htmlFor="zone">Default zone</label>
        <input
          id="zone"
          value={zone}
          onChange={(event) => setZone(event.target.value)}
          readOnly={!canConfigure}
          aria-describedby="zone-help"
        />
        <p id="zone-help" className="help">
          IANA name such as Europe/Rome or UTC. Jobs without their own zone follow it.
        </p>
        {fieldError && (
          <p role="alert" className="error">
            {fieldError}
          </p>
        )}
        {save.isSuccess && (
          <p role="status">
            Saved
            {save.data.rescheduled_jobs !== undefined
              ? `: ${save.data.rescheduled_jobs} jobs rescheduled`
              : ''}
            .
          </p>
        )}
        {canConfigure && (
          <button type="submit" disabled={save.isPending}>
            Save
          </button>
        )}
      </form>
    </main>
  );
}
