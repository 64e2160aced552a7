import path from 'node:path';

export type DbUrl = { url: string; provider: 'postgresql' | 'sqlite' } | { error: string };

/**
 * Accepts `postgresql://…` / `postgres://…`, `file:path` and the reference's SQLAlchemy form
 * `sqlite:///relative` or `sqlite:////absolute`; returns a canonical URL (`file:` with an absolute path).
 */
export function normalizeDbUrl(raw: string): DbUrl {
  const value = raw.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (!url.hostname) return { error: 'a PostgreSQL URL needs a host: postgresql://user@host:5432/db' };
      return { url: value, provider: 'postgresql' };
    } catch {
      return { error: 'not a valid PostgreSQL URL: expected postgresql://user:password@host:5432/database' };
    }
  }
  const sqlAlchemy = /^sqlite:\/\/\/(.+)$/i.exec(value);
  if (sqlAlchemy?.[1]) return { url: `file:${path.resolve(sqlAlchemy[1])}`, provider: 'sqlite' };
  if (/^file:/i.test(value)) {
    const filePath = value.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!filePath) return { error: 'a SQLite URL needs a path: file:./data/chronos.db' };
    return { url: `file:${path.resolve(filePath)}`, provider: 'sqlite' };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  return {
    error: `unsupported scheme${scheme ? ` "${scheme}:"` : ''}: use postgresql://…, file:path or sqlite:///path`,
  };
}
