import { generateApiToken, isRole, ROLES } from '@chronos/auth';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `chronos token <name> <ROLE>               print a new static API token and its API_TOKENS entry
                                         (ROLE: ${ROLES.join(', ')})`;

/**
 * `chronos token <name> <ROLE>`: a static API token for automation. Chronos stores only the SHA-256 of a
 * token, so the token itself is shown once, here; the operator appends the entry to API_TOKENS.
 */
export const tokenCommand: Command = {
  summary: 'create a static API token for automation (prints the API_TOKENS entry)',
  usage: USAGE,
  async run(context) {
    const [name, role, ...rest] = context.args;
    if (!name || !role || rest.length > 0) throw new UsageError('token needs a name and a role');
    if (!/^[A-Za-z0-9._-]+$/.test(name)) {
      throw new UsageError(`name "${name}" may hold letters, digits, dot, dash and underscore only`);
    }
    const upper = role.toUpperCase();
    if (!isRole(upper)) throw new UsageError(`unknown role "${role}"`);
    const { token, entry } = generateApiToken(name, upper);
    context.stdout.write(
      `token:  ${token}\nentry:  ${entry}\n\nAdd the entry to API_TOKENS (comma-separated) and restart the api; the token is not stored anywhere.\n`,
    );
    return 0;
  },
};
