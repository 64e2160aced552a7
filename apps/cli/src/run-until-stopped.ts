import { runUntilStopped, type ServiceSpec } from '@chronos/runner';
import type { CommandContext } from './command.js';
import { UsageError } from './usage-error.js';

/** `chronos api` / `chronos worker`: no arguments, then the one run-until-stopped path of `@chronos/runner`. */
export function runService(context: CommandContext, spec: ServiceSpec): Promise<number> {
  if (context.args.length > 0) throw new UsageError(`unexpected argument "${context.args[0]}"`);
  return runUntilStopped(spec, { env: context.env, stderr: context.stderr });
}
