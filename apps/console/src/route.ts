import { useEffect, useState } from 'react';

/** Hash routes (`#/jobs/5`): the api serves one page at `/`, and links survive a proxy's path prefix. */
export type Route =
  | { page: 'jobs' }
  | { page: 'job'; id: number }
  | { page: 'new' }
  | { page: 'edit'; id: number }
  | { page: 'settings' }
  | { page: 'sign-in'; next: string | null };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'sign-in') return { page: 'sign-in', next: new URLSearchParams(query).get('next') };
  if (parts[0] === 'settings') return { page: 'settings' };
  if (parts[0] === 'jobs' && parts[1] === 'new') return { page: 'new' };
  const id = Number(parts[1]);
  if (parts[0] === 'jobs' && Number.isInteger(id) && id > 0)
    return parts[2] === 'edit' ? { page: 'edit', id } : { page: 'job', id };
  return { page: 'jobs' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'jobs':
      return '#/jobs';
    case 'job':
      return `#/jobs/${route.id}`;
    case 'new':
      return '#/jobs/new';
    case 'edit':
      return `#/jobs/${route.id}/edit`;
    case 'settings':
      return '#/settings';
    case 'sign-in':
      return route.next ? `#/sign-in?next=${encodeURIComponent(route.next)}` : '#/sign-in';
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
