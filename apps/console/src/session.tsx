import type { components } from '@chronos/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { api, setCsrfToken, unwrap } from './api';

export type Session = components['schemas']['Session'];
export type Permission = Session['permissions'][number];

const SessionContext = createContext<Session | null>(null);

/**
 * Who is signed in (`GET /api/session`). Signed in through CoreHub's `gs-auth` cookie without a Chronos
 * session yet, the console turns it into one at once (no sign-in page): writes then carry the CSRF token.
 */
async function loadSession(): Promise<Session | null> {
  const answer = await api.GET('/api/session');
  if (answer.response.status === 401) return null;
  let session = unwrap(answer);
  if (session.source === 'corehub' && !session.csrf_token) {
    const signIn = await api.POST('/api/session', { body: {} });
    if (signIn.response.ok) session = unwrap(signIn);
  }
  setCsrfToken(session.csrf_token);
  return session;
}

export function useSessionQuery() {
  return useQuery({ queryKey: ['session'], queryFn: loadSession, staleTime: 60_000, retry: false });
}

export function SessionProvider(props: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={props.session}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Whether the signed-in role may do `permission`: controls it may not use are not shown. */
export function useCan(permission: Permission): boolean {
  return useSession().permissions.includes(permission);
}

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    await api.DELETE('/api/session');
    setCsrfToken(null);
    // The session query stays observed (the App shows the sign-in for null); everything else is dropped.
    client.setQueryData(['session'], null);
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
  };
}
