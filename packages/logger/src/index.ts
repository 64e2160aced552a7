export { createLogger, type Logger, type LoggerOptions, REDACTED_PATHS } from './create-logger.js';
