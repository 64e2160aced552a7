export declare const SQLITE_HEADER: string;
/** Renders the SQLite schema from the PostgreSQL one (same models, provider-specific header). */
export declare function renderSqliteSchema(postgresSchema: string): string;
