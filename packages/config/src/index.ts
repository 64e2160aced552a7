export { type ChronosConfig, loadConfig } from './config.js';
export type { RedisNode, RedisSettings } from './redis-topology.js';
