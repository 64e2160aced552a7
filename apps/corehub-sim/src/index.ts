/**
 * `@chronos/corehub-sim`: a CoreHub simulator for tests, benchmarks and the quick start. Start it
 * in-process with `createSimulator`, or as a process (`src/main.ts`).
 */
export { DEFAULT_USERS, loadDemoFixture, loadFixtureFile } from './fixture.js';
export type { JournalEntry } from './journal.js';
export { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
