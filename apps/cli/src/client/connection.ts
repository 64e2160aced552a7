import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ChronosClient, createChronosClient } from '@chronos/api-client';
import type { CommandContext } from '../command.js';
import { UsageError } from '../usage-error.js';

/** Where `chronos start` and the images listen by default. */
export const DEFAULT_URL = 'http://127.0.0.1:1717';

type SavedLogin = { url: string; token: string };
type Env = Record<string, string | undefined>;

/** `$XDG_CONFIG_HOME/chronos/config.json`, else `~/.config/chronos/config.json` (XDG Base Directory). */
export function loginFilePath(env: Env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'chronos', 'config.json');
}

function readSavedLogin(env: Env): SavedLogin | undefined {
  try {
    const saved = JSON.parse(fs.readFileSync(loginFilePath(env), 'utf8')) as Partial<SavedLogin>;
    return typeof saved.url === 'string' && typeof saved.token === 'string'
      ? { url: saved.url, token: saved.token }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the login file readable by its owner only (the directory too); returns its path. */
export function saveLogin(env: Env, login: SavedLogin): string {
  const file = loginFilePath(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already existed.
  fs.chmodSync(file, 0o600);
  return file;
}

/** The base URL without trailing slashes (and without the `/api` a person may paste from the banner). */
export function normaliseUrl(url: string): string {
  const trimmed = url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api$/, '');
  try {
    const parsed = new URL(trimmed);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(parsed.protocol);
  } catch {
    throw new UsageError(`"${url}" is not an http(s) URL (e.g. ${DEFAULT_URL})`);
  }
  return trimmed;
}

/** The URL the client commands talk to: --url, CHRONOS_URL, the login file, the quick start's default. */
export function resolveUrl(context: Pick<CommandContext, 'values' | 'env'>): string {
  const flag = context.values.url;
  if (typeof flag === 'string') return normaliseUrl(flag);
  if (context.env.CHRONOS_URL) return normaliseUrl(context.env.CHRONOS_URL);
  return normaliseUrl(readSavedLogin(context.env)?.url ?? DEFAULT_URL);
}

/**
 * The URL and token: --token, CHRONOS_TOKEN, else the login file's token, which is only ever sent to the
 * URL it was saved for.
 */
export function resolveConnection(context: Pick<CommandContext, 'values' | 'env'>): {
  baseUrl: string;
  token: string;
} {
  const baseUrl = resolveUrl(context);
  const flag = context.values.token;
  const saved = readSavedLogin(context.env);
  const token =
    (typeof flag === 'string' && flag) ||
    context.env.CHRONOS_TOKEN ||
    (saved && normaliseUrl(saved.url) === baseUrl ? saved.token : undefined);
  if (!token) {
    throw new UsageError(
      `no API token for ${baseUrl}: pass --token, set CHRONOS_TOKEN, or run chronos login (the quick start keeps its admin token in data/admin-token)`,
    );
  }
  return { baseUrl, token };
}

/** A typed client for the resolved connection. */
export function connect(context: Pick<CommandContext, 'values' | 'env'>): {
  client: ChronosClient;
  baseUrl: string;
} {
  const { baseUrl, token } = resolveConnection(context);
  return { client: createChronosClient({ baseUrl, token }), baseUrl };
}
