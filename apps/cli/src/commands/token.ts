import { generateApiToken, isRole, ROLES } from '@chronos/auth';
import type { CommandRun } from '../command.js';
import { UsageError } from '../usage-error.js';

/**
 * `chronos token <name> <ROLE>`: a static API token for automation. Chronos stores only the SHA-256 of a
 * token, so the token itself is shown once, here; the operator appends the entry to API_TOKENS.
 */
export const runToken: CommandRun = async (context) => {
  const [name = '', role = ''] = context.positionals;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new UsageError(`name "${name}" may hold letters, digits, dot, dash and underscore only`);
  }
  const upper = role.toUpperCase();
  if (!isRole(upper)) throw new UsageError(`unknown role "${role}" (one of ${ROLES.join(', ')})`);
  const { token, entry } = generateApiToken(name, upper);
  context.stdout.write(
    `token:  ${token}\nentry:  ${entry}\n\nAdd the entry to API_TOKENS (comma-separated) and restart the api; the token is not stored anywhere.\n`,
  );
  return 0;
};
