/**
 * The CoreHub simulator for these tests. Imported by relative path on purpose: `@chronos/corehub-sim`
 * depends on this package's contract, so declaring it as a devDependency here would put a cycle in the
 * workspace graph (turbo refuses cycles).
 */
export {
  createSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../../../apps/corehub-sim/src/index.js';
