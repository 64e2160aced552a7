import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from './config.js';

const ENV_EXAMPLE = fileURLToPath(new URL('../../../.env.example', import.meta.url));
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** `# NAME=value` (commented: the default) or `NAME=value` lines of a dotenv file, in order. */
function parseEnvExample(text: string): Array<{ name: string; value: string }> {
  const entries: Array<{ name: string; value: string }> = [];
  for (const line of text.split('\n')) {
    const match = /^(?:#\s?)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined) entries.push({ name: match[1], value: match[2] ?? '' });
  }
  return entries;
}

/** Every `UPPER_SNAKE` name in backticks in the first column of the README's configuration table. */
function readmeTableVariables(text: string): string[] {
  const section = text.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  const names: string[] = [];
  for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
    const firstCell = row.split('|')[1] ?? '';
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) if (match[1]) names.push(match[1]);
  }
  return names;
}

describe('.env.example', () => {
  const entries = parseEnvExample(readFileSync(ENV_EXAMPLE, 'utf8'));
  const names = entries.map((entry) => entry.name);

  it('lists every variable of the configuration schema once, and nothing else', () => {
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    expect(CONFIG_VARIABLES.filter((name) => !names.includes(name))).toEqual([]);
    expect(names.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });

  it('shows the real default: each value it shows gives the same config as leaving the variable unset', () => {
    const defaults = loadConfig({});
    const shown = entries.filter((entry) => entry.value !== '');
    expect(shown.length).toBeGreaterThan(30);
    for (const { name, value } of shown) {
      expect({ name, config: loadConfig({ [name]: value }) }).toEqual({ name, config: defaults });
    }
  });

  it('loads as a whole when every line is uncommented', () => {
    const env = Object.fromEntries(entries.map((entry) => [entry.name, entry.value]));
    expect(() => loadConfig(env)).not.toThrow();
  });
});

describe('README configuration table', () => {
  it('documents every variable of the configuration schema, and nothing else', () => {
    const documented = readmeTableVariables(readFileSync(README, 'utf8'));
    expect(CONFIG_VARIABLES.filter((name) => !documented.includes(name))).toEqual([]);
    expect(documented.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });
});
