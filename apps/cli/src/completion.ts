// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are bash, whose ${…} expansions are meant literally
import { type CommandSpec, type CommandTable, isGroup } from './command.js';

function optionWords(spec: CommandSpec): string {
  return [...Object.keys(spec.options ?? {}), 'help'].map((name) => `--${name}`).join(' ');
}

/**
 * A bash completion script for `chronos`, generated from the same table the parser uses (so it cannot
 * drift): command names, then a group's commands, then the options of the command being typed.
 * zsh loads it too after `autoload -U bashcompinit && bashcompinit`.
 */
export function bashCompletion(table: CommandTable): string {
  const entries = Object.entries(table);
  const groupArms = entries.flatMap(([name, entry]) =>
    isGroup(entry)
      ? [
          `    ${name})`,
          `      if (( COMP_CWORD == 2 )); then COMPREPLY=($(compgen -W "${Object.keys(entry.subcommands).join(' ')}" -- "$cur")); return; fi`,
          '      key="${COMP_WORDS[1]} ${COMP_WORDS[2]}";;',
        ]
      : [],
  );
  const optionArms = entries.flatMap(([name, entry]) =>
    isGroup(entry)
      ? Object.entries(entry.subcommands).map(
          ([sub, spec]) => `    "${name} ${sub}") opts="${optionWords(spec)}";;`,
        )
      : [`    "${name}") opts="${optionWords(entry)}";;`],
  );
  return `${[
    '# chronos bash completion: source <(chronos completion bash)',
    '_chronos() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" key opts=""',
    '  if (( COMP_CWORD == 1 )); then',
    `    COMPREPLY=($(compgen -W "${[...entries.map(([name]) => name), 'help', '--version'].join(' ')}" -- "$cur"))`,
    '    return',
    '  fi',
    '  case "${COMP_WORDS[1]}" in',
    ...groupArms,
    '    *) key="${COMP_WORDS[1]}";;',
    '  esac',
    '  case "$key" in',
    ...optionArms,
    '  esac',
    '  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); fi',
    '}',
    'complete -o default -F _chronos chronos',
  ].join('\n')}\n`;
}
