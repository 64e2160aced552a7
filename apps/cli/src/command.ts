/** Where a command writes: injected so tests and `main` decide, not the command. */
export type CommandOutput = { write(text: string): unknown };

/** What every command receives. Only `main.ts` reads process.env/argv; commands get them from here. */
export type CommandContext = {
  /** Arguments after the command name. */
  args: string[];
  env: Record<string, string | undefined>;
  stdout: CommandOutput;
  stderr: CommandOutput;
};

/** One CLI command: `run` resolves to the process exit code. */
export type Command = {
  /** One line describing the command (`chronos help` shows the one in commands/index.ts). */
  summary?: string;
  usage: string;
  run(context: CommandContext): Promise<number>;
};
