export { type ChronosConfig, loadConfig } from './config.js';
