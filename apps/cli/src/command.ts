/** Where a command writes: injected so tests and `main` decide, not the command. */
export type CommandOutput = { write(text: string): unknown };

/** One option of a command, as `node:util` parseArgs takes it, plus what `--help` shows. */
export type OptionSpec = {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in help (`<id>`, `HH:MM`). */
  value?: string;
  help: string;
};

/** The command line after parsing: option values by long name, and the words that are not options. */
export type ParsedArgs = {
  values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  positionals: string[];
};

/** What every command receives. Only `main.ts` reads process.env/argv; commands get them from here. */
export type CommandContext = ParsedArgs & {
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: CommandOutput;
  stderr: CommandOutput;
};

/** A command's code: loaded only once its arguments parsed. Resolves to the process exit code. */
export type CommandRun = (context: CommandContext) => Promise<number>;

/**
 * One `chronos …` command as the parser and help know it. Everything here is plain data: the table of
 * commands is imported on every start, the command's code only by `load()` (after its arguments parsed).
 */
export type CommandSpec = {
  /** One line for `chronos help`. */
  summary: string;
  /** What follows the command's name in usage, e.g. `<id> [--wait]`. */
  synopsis: string;
  /** More lines for `--help` (what it does, exit codes). */
  details?: string;
  options?: Record<string, OptionSpec>;
  /** How many words besides options it takes: [min, max]. */
  positionals: readonly [number, number];
  load(): Promise<CommandRun>;
};

/** `chronos jobs …`: a word that selects one of several commands. */
export type CommandGroup = { summary: string; subcommands: Readonly<Record<string, CommandSpec>> };

export type CommandTable = Readonly<Record<string, CommandSpec | CommandGroup>>;

export function isGroup(entry: CommandSpec | CommandGroup): entry is CommandGroup {
  return 'subcommands' in entry;
}
