import { runUntilStopped, type ServiceSpec } from '@chronos/runner';
import type { CommandContext } from './command.js';

/** `chronos api` / `chronos worker`: the one run-until-stopped path of `@chronos/runner`. */
export function runService(context: CommandContext, spec: ServiceSpec): Promise<number> {
  return runUntilStopped(spec, { env: context.env, stderr: context.stderr });
}
