import { type DestinationStream, type Logger, type LoggerOptions as PinoOptions, pino } from 'pino';

export type { Logger };

export type LoggerOptions = {
  service: string;
  level?: string;
  /**
   * Readable, coloured lines for a person watching a terminal (DEBUG=true). Honoured only when stdout is a
   * terminal: piped into a file, a container log or a collector the lines stay JSON, without colour codes.
   */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to capture output. */
  destination?: DestinationStream;
  /** Whether stdout is a terminal; `process.stdout.isTTY` by default (tests pass their own). */
  isTerminal?: boolean;
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
  'secret',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.Cookie',
  '*.password',
  '*.token',
  '*.apiToken',
  '*.license',
  // A webhook's signing secret (failure notifications): never written by Chronos, redacted should a line ever
  // carry one.
  '*.secret',
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

/** pino's numeric `error` level: lines at this level or above are faults someone must look into. */
const ERROR_LEVEL = 50;

/**
 * An error logged below `error` describes a condition the code expected and handles (a CoreHub that did not
 * answer discovery, Redis down for a while): its message says it all and a stack would only make an operator
 * think something crashed. The stack stays on `error`/`fatal` lines and, for developers, at `debug` level.
 */
const DESCRIBED = Symbol('described error');

function withoutStack(error: Error): Record<string, unknown> {
  const { stack: _stack, ...described } = pino.stdSerializers.err(error);
  // Marked so the `err` serializer below passes it on as it is instead of describing it again.
  return Object.defineProperty(described, DESCRIBED, { value: true });
}

function serializeError(error: unknown): unknown {
  if (error !== null && typeof error === 'object' && DESCRIBED in error) return error;
  return pino.stdSerializers.err(error as Error);
}

const hooks: NonNullable<PinoOptions['hooks']> = {
  logMethod(args, method, level) {
    const [first] = args;
    if (level < ERROR_LEVEL && !this.isLevelEnabled('debug')) {
      if (first instanceof Error) args[0] = { err: withoutStack(first) };
      else if (first !== null && typeof first === 'object' && 'err' in first && first.err instanceof Error) {
        args[0] = { ...first, err: withoutStack(first.err) };
      }
    }
    return method.apply(this, args);
  },
};

/**
 * One root logger per process, created in `main.ts` and passed down. A child binds a key its parent already
 * binds at the reader's peril: pino writes both (`"component":"worker",…,"component":"reconciler"`), so a
 * component logger is a child of the process's logger, never of another component's.
 */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    name: options.service,
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError },
    hooks,
  };
  if (options.destination) return pino(base, options.destination);
  const isTerminal = options.isTerminal ?? process.stdout.isTTY === true;
  if (options.pretty && isTerminal) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } },
    });
  }
  // Synchronous writes: the lines of a stopping process (and of one that exits at once on a second
  // signal) reach the log before it exits, not only those a later tick would have flushed.
  return pino(base, pino.destination({ dest: 1, sync: true }));
}
