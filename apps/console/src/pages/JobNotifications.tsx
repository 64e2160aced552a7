import type { components } from '@chronos/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api';
import { formatInstant } from '../time';
import { REVEALED_SECRETS_KEY } from './JobForm';

type Notification = components['schemas']['Notification'];

/**
 * A job's webhooks, the secrets its last save generated (shown this once: the api never answers them
 * again), and the latest delivery attempts.
 */
export function JobNotifications(props: { jobId: number; notifications: Notification[]; zone: string }) {
  const { jobId, notifications, zone } = props;
  const client = useQueryClient();
  const revealed = client.getQueryData<Array<{ url: string; secret: string }>>([REVEALED_SECRETS_KEY, jobId]);
  const deliveries = useQuery({
    queryKey: ['deliveries', jobId],
    enabled: notifications.length > 0,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/jobs/{id}/notifications/deliveries', {
          params: { path: { id: jobId }, query: { limit: 20 } },
        }),
      ),
  });
  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      {notifications.length === 0 && <p className="muted">No webhooks: nobody is told when a run fails.</p>}
      {notifications.length > 0 && (
        <ul className="webhooks">
          {notifications.map((notification) => (
            <li key={notification.id}>
              <code>{notification.url}</code> on {notification.events.join(', ')}
            </li>
          ))}
        </ul>
      )}
      {revealed && revealed.length > 0 && (
        <div className="confirm" role="status" aria-label="New signing secrets">
          <p>Store these signing secrets now: Chronos does not show them again.</p>
          <ul>
            {revealed.map((item) => (
              <li key={item.url}>
                <code>{item.url}</code>: <code className="secret">{item.secret}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Notification deliveries">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Execution</th>
                <th scope="col">Attempt</th>
                <th scope="col">Outcome</th>
                <th scope="col">Answer</th>
                <th scope="col">Took</th>
                <th scope="col">URL</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.items.map((delivery) => (
                <tr key={delivery.id} data-delivery-id={delivery.id}>
                  <td>{formatInstant(delivery.attempted_at, zone)}</td>
                  <td>{delivery.event}</td>
                  <td>{delivery.execution_id}</td>
                  <td>{delivery.attempt}</td>
                  <td>
                    <span
                      className={
                        delivery.outcome === 'delivered' ? 'badge status-succeeded' : 'badge status-failed'
                      }
                    >
                      {delivery.outcome}
                    </span>
                  </td>
                  <td>{delivery.status_code ?? delivery.error ?? '—'}</td>
                  <td>{delivery.duration_ms} ms</td>
                  <td>
                    <code>{delivery.url}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deliveries.data && deliveries.data.items.length === 0 && notifications.length > 0 && (
        <p className="muted">No deliveries yet.</p>
      )}
    </section>
  );
}
