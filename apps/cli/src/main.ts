import { isAppError } from '@chronos/errors';
import type { Command, CommandContext, CommandOutput } from './command.js';
import { COMMANDS } from './commands/index.js';
import { UsageError } from './usage-error.js';

/**
 * Runs `chronos <command> [args]` and resolves to the exit code. Failures print ONE line on stderr
 * (`chronos: …`), never a stack trace, unless DEBUG is set: operators read this, not developers.
 */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: { stdout: CommandOutput; stderr: CommandOutput } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(helpText());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`chronos: unknown command "${name}"\n${helpText()}`);
    return 2;
  }
  const context: CommandContext = { args, env, ...io };
  let command: Command | undefined;
  try {
    command = await entry.load();
    return await command.run(context);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`chronos ${name}: ${error.message}\nusage:\n${command?.usage ?? ''}\n`);
      return 2;
    }
    io.stderr.write(`chronos ${name}: ${describeError(error)}\n`);
    if (env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

function describeError(error: unknown): string {
  if (isAppError(error)) return error.message.replace(/\s*\n\s*/g, ' ');
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message.split('\n')[0]} (set DEBUG=1 for details)`;
}

function helpText(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return `usage: chronos <command> [args]\n\ncommands:\n${lines.join('\n')}\n  help       this text\n`;
}
