import { isAppError } from '@chronos/errors';
import { resolveCommand } from './args.js';
import type { CommandContext, CommandOutput, CommandTable } from './command.js';
import { COMMANDS } from './commands/index.js';
import { CommandFailure, UsageError } from './usage-error.js';

export type MainIo = {
  stdin?: CommandContext['stdin'];
  stdout: CommandOutput;
  stderr: CommandOutput;
};

/**
 * Runs `chronos <command> [args]` and resolves to the exit code: 0 ok, 1 failed (one message on stderr,
 * `chronos <command>: …`, no stack trace unless DEBUG is set), 2 wrong command line. The arguments are
 * parsed before the command's code is imported, so a mistyped option is answered at once.
 */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: MainIo = { stdout: process.stdout, stderr: process.stderr },
  table: CommandTable = COMMANDS,
): Promise<number> {
  const resolution = resolveCommand(argv, table);
  switch (resolution.kind) {
    case 'version':
      io.stdout.write(resolution.text);
      return 0;
    case 'help':
      (resolution.exitCode === 0 ? io.stdout : io.stderr).write(resolution.text);
      return resolution.exitCode;
    case 'usage-error':
      io.stderr.write(`${prefix(resolution.path)}: ${resolution.message}\n\n${resolution.usage}`);
      return 2;
    case 'run':
      break;
  }
  const { path, spec, args } = resolution;
  const context: CommandContext = {
    ...args,
    env,
    stdout: io.stdout,
    stderr: io.stderr,
    // Touched only by a command that reads it (login): opening process.stdin early can hold a terminal.
    get stdin() {
      return io.stdin ?? process.stdin;
    },
  };
  try {
    const run = await spec.load();
    return await run(context);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${prefix(path)}: ${error.message}\nusage: chronos ${path} ${spec.synopsis}\n`);
      return 2;
    }
    io.stderr.write(`${prefix(path)}: ${describeError(error)}\n`);
    if (env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

function prefix(path: string): string {
  return path ? `chronos ${path}` : 'chronos';
}

function describeError(error: unknown): string {
  if (error instanceof CommandFailure) return error.message;
  if (isAppError(error)) return error.message.replace(/\s*\n\s*/g, ' ');
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message.split('\n')[0]} (set DEBUG=1 for details)`;
}
