import fs from 'node:fs';
import path from 'node:path';
import { generateApiToken } from './api-tokens.js';

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * The quick start's SUPER_ADMIN token: generated on first start, kept in `DATA_DIR/admin-token` readable by
 * the owner only, and the same on every later start. Returns the token and whether it was just created.
 */
export function ensureAdminToken(dataDir: string): { token: string; file: string; isNew: boolean } {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  if (fs.existsSync(file)) {
    const token = fs.readFileSync(file, 'utf8').trim();
    if (token) return { token, file, isNew: false };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const { token } = generateApiToken('admin', 'SUPER_ADMIN');
  // `wx` refuses to overwrite a token another process wrote first; then that one is the token.
  try {
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return { ...ensureAdminToken(dataDir), isNew: false };
    throw error;
  }
  fs.chmodSync(file, 0o600);
  return { token, file, isNew: true };
}
