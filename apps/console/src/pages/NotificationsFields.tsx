import type { components } from '@chronos/api-client';
import { Field } from './Field';

type NotificationEvent = components['schemas']['NotificationEvent'];

/** The api's events, in its order (a record over the contract's type: a new event fails the typecheck). */
const EVENT_LABELS: Record<NotificationEvent, string> = {
  failed: 'failed',
  timed_out: 'timed out',
  missed: 'missed',
  recovered: 'recovered',
};
export const NOTIFICATION_EVENTS = Object.keys(EVENT_LABELS) as NotificationEvent[];

/** One notification as the form edits it; `secret` blank keeps the stored one (or has one generated). */
export type NotificationDraft = {
  id?: number;
  url: string;
  events: NotificationEvent[];
  secret: string;
};

/**
 * The job's outbound webhooks: a URL, the events that call it, an optional secret. The api's messages are
 * shown at the field they name (`notifications.0.url`…).
 */
export function NotificationsFields(props: {
  notifications: NotificationDraft[];
  onChange: (notifications: NotificationDraft[]) => void;
  errorOf: (...keys: string[]) => string | undefined;
}) {
  const { notifications, onChange, errorOf } = props;
  const update = (index: number, patch: Partial<NotificationDraft>) =>
    onChange(notifications.map((n, i) => (i === index ? { ...n, ...patch } : n)));
  return (
    <fieldset className="notifications">
      <legend>Notifications</legend>
      <p className="hint">
        Webhooks called (signed, retried) when a run fails, times out or is missed, and when it recovers.
      </p>
      {errorOf('notifications') && <p className="error">{errorOf('notifications')}</p>}
      {notifications.map((notification, index) => {
        const key = `notifications.${index}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved; order is their identity
          <div className="notification" key={index}>
            <Field id={`${key}.url`} label={`Webhook URL ${index + 1}`} error={errorOf(`${key}.url`)}>
              <input
                id={`${key}.url`}
                value={notification.url}
                placeholder="https://alerts.example.com/chronos"
                onChange={(e) => update(index, { url: e.target.value })}
              />
            </Field>
            <fieldset className="days">
              <legend>Events of webhook {index + 1}</legend>
              {NOTIFICATION_EVENTS.map((event) => (
                <label key={event}>
                  <input
                    type="checkbox"
                    checked={notification.events.includes(event)}
                    onChange={(e) =>
                      update(index, {
                        events: e.target.checked
                          ? NOTIFICATION_EVENTS.filter((x) => x === event || notification.events.includes(x))
                          : notification.events.filter((x) => x !== event),
                      })
                    }
                  />
                  {EVENT_LABELS[event]}
                </label>
              ))}
            </fieldset>
            {errorOf(`${key}.events`) && <p className="error">{errorOf(`${key}.events`)}</p>}
            <Field
              id={`${key}.secret`}
              label={`Signing secret ${index + 1} (blank = ${notification.id === undefined ? 'generated' : 'unchanged'})`}
              error={errorOf(`${key}.secret`)}
            >
              <input
                id={`${key}.secret`}
                type="password"
                autoComplete="off"
                value={notification.secret}
                onChange={(e) => update(index, { secret: e.target.value })}
              />
            </Field>
            <button
              type="button"
              className="secondary"
              onClick={() => onChange(notifications.filter((_, i) => i !== index))}
            >
              Remove webhook {index + 1}
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() =>
          onChange([...notifications, { url: '', events: [...NOTIFICATION_EVENTS], secret: '' }])
        }
      >
        Add webhook
      </button>
    </fieldset>
  );
}
