import { links } from './api';
import { useLiveEvents } from './events';
import { JobForm } from './pages/JobForm';
import { JobPage } from './pages/JobPage';
import { JobsList } from './pages/JobsList';
import { Settings } from './pages/Settings';
import { SignIn } from './pages/SignIn';
import { href, type Route, useRoute } from './route';
import { type Session, SessionProvider, useCan, useSessionQuery, useSignOut } from './session';

export function App() {
  const route = useRoute();
  const session = useSessionQuery();
  if (session.isPending) return <main>Loading…</main>;
  if (session.error) return <main role="alert">Chronos did not answer: {session.error.message}</main>;
  if (!session.data) return <SignIn next={route.page === 'sign-in' ? route.next : null} />;
  return (
    <SessionProvider session={session.data}>
      <SignedIn session={session.data} route={route} />
    </SessionProvider>
  );
}

function SignedIn(props: { session: Session; route: Route }) {
  const { session, route } = props;
  const live = useLiveEvents();
  const signOut = useSignOut();
  const canManage = useCan('manage');
  return (
    <>
      <header>
        <a className="brand" href={href({ page: 'jobs' })}>
          Chronos
        </a>
        <nav aria-label="Main">
          <a href={href({ page: 'jobs' })}>Jobs</a>
          <a href={href({ page: 'settings' })}>Settings</a>
          <a href={links.docs}>API docs</a>
          <a href={links.bullBoard}>Bull Board</a>
        </nav>
        <div className="who">
          <span className={live ? 'live on' : 'live'} title={live ? 'Live updates on' : 'Reconnecting…'}>
            {live ? 'live' : 'offline'}
          </span>
          <span>
            {session.username} ({session.role})
          </span>
          {session.source !== 'auth-disabled' && (
            <button type="button" className="link" onClick={() => void signOut()}>
              Sign out
            </button>
          )}
        </div>
      </header>
      {route.page === 'jobs' || route.page === 'sign-in' ? <JobsList /> : null}
      {route.page === 'job' && <JobPage id={route.id} />}
      {route.page === 'new' && (canManage ? <JobForm /> : <main>Your role may not create jobs.</main>)}
      {route.page === 'edit' &&
        (canManage ? <JobForm id={route.id} /> : <main>Your role may not edit jobs.</main>)}
      {route.page === 'settings' && <Settings />}
    </>
  );
}
