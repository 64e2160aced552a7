import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

export type LoggerOptions = {
  service: string;
  level?: string;
  /** Human-readable lines (DEBUG=true); JSON otherwise. */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to capture output. */
  destination?: DestinationStream;
};

/**
 * Paths whose values never reach a log line: credentials, cookies, tokens, passwords and the Gluesync
 * license. pino replaces them with "[redacted]".
 */
export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'password',
  'token',
  'license',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.Cookie',
  '*.password',
  '*.token',
  '*.apiToken',
  '*.license',
  '*["module-license"]',
  '*["Module-License"]',
  '*["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["module-license"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["module-license"]',
];

/** One root logger per process, created in `main.ts` and passed down. */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    name: options.service,
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } },
    });
  }
  return pino(base);
}
