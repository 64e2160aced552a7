export { runUntilStopped, type ServiceSpec } from './run-until-stopped.js';
export { waitForStopSignal } from './stop-signal.js';
