import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, setCsrfToken, unwrap } from '../api';

/** Sign-in with an API token (the admin token of `pnpm start`, a `chronos token`, or a CoreHub token). */
export function SignIn(props: { next: string | null }) {
  const client = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = unwrap(await api.POST('/api/session', { body: { token: token.trim() } }));
      setCsrfToken(session.csrf_token);
      client.setQueryData(['session'], session);
      // Back to Swagger UI or Bull Board when they sent the person here; else the jobs.
      if (props.next?.startsWith('/') && !props.next.startsWith('//'))
        window.location.assign(`.${props.next}`);
      else window.location.hash = '#/jobs';
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Chronos did not answer; try again');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Sign in to Chronos</h1>
      <form onSubmit={submit}>
        <label htmlFor="token">API token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-describedby="token-help"
          required
        />
        <p id="token-help" className="help">
          The admin token <code>pnpm start</code> printed (kept in <code>data/admin-token</code>), a token
          made with <code>chronos token</code>, or a CoreHub token. Behind Gluesync&rsquo;s proxy you are
          signed in already.
        </p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
