/**
 * `@chronos/corehub-sim`: a CoreHub simulator for tests, benchmarks and the quick start. Start it
 * in-process with `createSimulator`, or as a process (`src/main.ts`).
 */
export type { Fault, FaultAction, FaultSpec } from './faults/fault-registry.js';
export {
  DEFAULT_USERS,
  type FixtureUser,
  generateFixture,
  loadDemoFixture,
  loadFixtureFile,
  type SimFixture,
} from './fixture.js';
export type { JournalEntry, JournalFilter } from './journal.js';
export type { ConnectedModule } from './module-hub.js';
export type { SimBehaviour, SimState } from './sim-state.js';
export { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
