export { type ChronosConfig, CONFIG_VARIABLES, loadConfig } from './config.js';
export { type CoreHubUrl, normalizeCoreHubUrl } from './corehub-url.js';
export { type DbUrl, normalizeDbUrl } from './db-url.js';
export { isValidTimeZone } from './env-helpers.js';
