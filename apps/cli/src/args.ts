import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type CommandGroup,
  type CommandSpec,
  type CommandTable,
  isGroup,
  type OptionSpec,
  type ParsedArgs,
} from './command.js';

/** What the command line asks for, decided before any command's code is loaded. */
export type Resolution =
  | { kind: 'help'; text: string; exitCode: 0 | 2 }
  | { kind: 'version'; text: string }
  | { kind: 'usage-error'; path: string; message: string; usage: string }
  | { kind: 'run'; path: string; spec: CommandSpec; args: ParsedArgs };

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };
const HELP_WORDS = new Set(['--help', '-h']);

/** `chronos --version`: the CLI package's version (src/ and dist/ both sit beside package.json). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/**
 * Finds the command `argv` names and parses its options with `node:util` parseArgs (strict: an unknown
 * option or a missing value is a usage error). Pure and cheap: no command module is imported here.
 */
export function resolveCommand(argv: string[], table: CommandTable): Resolution {
  const [name, ...rest] = argv;
  if (name === undefined) return { kind: 'help', text: topHelp(table), exitCode: 2 };
  if (name === '--version' || name === '-V' || name === 'version') {
    return { kind: 'version', text: `chronos ${cliVersion()}\n` };
  }
  if (HELP_WORDS.has(name)) return { kind: 'help', text: topHelp(table), exitCode: 0 };
  if (name === 'help') return helpFor(rest, table);
  const entry = table[name];
  if (!entry) {
    return { kind: 'usage-error', path: '', message: `unknown command "${name}"`, usage: topHelp(table) };
  }
  if (!isGroup(entry)) return parseFor(name, entry, rest);
  const [sub, ...subArgs] = rest;
  if (sub === undefined) return { kind: 'help', text: groupHelp(name, entry), exitCode: 2 };
  if (HELP_WORDS.has(sub)) return { kind: 'help', text: groupHelp(name, entry), exitCode: 0 };
  const spec = entry.subcommands[sub];
  if (!spec) {
    return {
      kind: 'usage-error',
      path: name,
      message: `unknown ${name} command "${sub}"`,
      usage: groupHelp(name, entry),
    };
  }
  return parseFor(`${name} ${sub}`, spec, subArgs);
}

/** `chronos help [command [subcommand]]`. */
function helpFor(words: string[], table: CommandTable): Resolution {
  const [name, sub] = words;
  if (name === undefined) return { kind: 'help', text: topHelp(table), exitCode: 0 };
  const entry = table[name];
  if (!entry) {
    return { kind: 'usage-error', path: 'help', message: `unknown command "${name}"`, usage: topHelp(table) };
  }
  if (!isGroup(entry)) return { kind: 'help', text: commandHelp(name, entry), exitCode: 0 };
  const spec = sub === undefined ? undefined : entry.subcommands[sub];
  if (sub !== undefined && !spec) {
    return {
      kind: 'usage-error',
      path: 'help',
      message: `unknown ${name} command "${sub}"`,
      usage: groupHelp(name, entry),
    };
  }
  return {
    kind: 'help',
    text: spec ? commandHelp(`${name} ${sub}`, spec) : groupHelp(name, entry),
    exitCode: 0,
  };
}

function parseFor(path: string, spec: CommandSpec, args: string[]): Resolution {
  const options = { ...spec.options, help: HELP_OPTION };
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(
        Object.entries(options).map(([name, option]) => [
          name,
          {
            type: option.type,
            ...(option.short ? { short: option.short } : {}),
            ...(option.multiple ? { multiple: true } : {}),
          },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs words its errors for developers ("Unknown option '--x'. To specify a positional …").
    const message = error instanceof Error ? (error.message.split('. ')[0] ?? error.message) : String(error);
    return { kind: 'usage-error', path, message, usage: commandHelp(path, spec) };
  }
  if (parsed.values.help === true) return { kind: 'help', text: commandHelp(path, spec), exitCode: 0 };
  const [min, max] = spec.positionals;
  const count = parsed.positionals.length;
  if (count > max) {
    return {
      kind: 'usage-error',
      path,
      message: `unexpected argument "${parsed.positionals[max]}"`,
      usage: commandHelp(path, spec),
    };
  }
  if (count < min) {
    return {
      kind: 'usage-error',
      path,
      message: `missing argument: chronos ${path} ${spec.synopsis}`,
      usage: commandHelp(path, spec),
    };
  }
  return { kind: 'run', path, spec, args: parsed };
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`;
    return [flag, option.help + (option.multiple ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`);
}

/** `chronos <command> --help`. */
export function commandHelp(path: string, spec: CommandSpec): string {
  const lines = [`usage: chronos ${path} ${spec.synopsis}`.trimEnd(), '', spec.summary];
  if (spec.details) lines.push('', spec.details);
  lines.push('', 'options:', ...optionLines({ ...spec.options, help: HELP_OPTION }));
  return `${lines.join('\n')}\n`;
}

function listLines(entries: Array<[string, { summary: string }]>): string[] {
  const width = Math.max(...entries.map(([name]) => name.length));
  return entries.map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
}

function groupHelp(name: string, group: CommandGroup): string {
  return [
    `usage: chronos ${name} <command> [options]`,
    '',
    group.summary,
    '',
    'commands:',
    ...listLines(Object.entries(group.subcommands)),
    '',
    `chronos ${name} <command> --help shows a command's options.`,
    '',
  ].join('\n');
}

/** `chronos help`. */
export function topHelp(table: CommandTable): string {
  return [
    'usage: chronos <command> [options]',
    '',
    'commands:',
    ...listLines([
      ...Object.entries(table),
      ['help', { summary: 'this text; help <command> for one command' }],
    ]),
    '',
    'chronos <command> --help shows its options; chronos --version prints the version.',
    '',
  ].join('\n');
}
