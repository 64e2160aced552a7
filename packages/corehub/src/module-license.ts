/**
 * The Gluesync module license sent as the `Module-License` handshake header. A missing license stops a
 * production start (CoreHub would refuse the module anyway, and silently retrying hides the cause); in
 * development it is a warning and the header is left out, which the simulator accepts when it has no
 * license configured.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from '@chronos/logger';
import { CoreHubAuthError } from './corehub-error.js';

export type LicenseSource = {
  /** License content; wins over `licenseFile`. */
  license?: string;
  /** Path of `gs-license.dat` (GLUESYNC_LICENSE_FILE). */
  licenseFile?: string;
  isProduction: boolean;
};

/**
 * Header values cannot hold line breaks, and license files usually end with one (or wrap base64 text):
 * trims the content and removes CR/LF characters.
 */
export function normalizeLicense(content: string): string {
  return content.trim().replace(/[\r\n]+/g, '');
}

/**
 * Reads the license (content or file). Returns undefined in development when it is missing (after a
 * warning); throws CoreHubAuthError `COREHUB_LICENSE_MISSING` in production.
 */
export async function readModuleLicense(source: LicenseSource, logger: Logger): Promise<string | undefined> {
  if (source.license !== undefined && normalizeLicense(source.license).length > 0) {
    return normalizeLicense(source.license);
  }
  let problem = 'no license configured (GLUESYNC_LICENSE_FILE is not set)';
  if (source.licenseFile) {
    try {
      const content = normalizeLicense(await readFile(source.licenseFile, 'utf8'));
      if (content.length > 0) return content;
      problem = `license file ${source.licenseFile} is empty`;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem = `license file ${source.licenseFile} cannot be read (${code ?? 'error'})`;
    }
  }
  if (source.isProduction) {
    throw new CoreHubAuthError(
      `Gluesync module license missing: ${problem}; CoreHub refuses modules without one. Set GLUESYNC_LICENSE_FILE to the path of gs-license.dat`,
      { code: 'COREHUB_LICENSE_MISSING', retryable: false },
    );
  }
  logger.warn({ problem }, 'module license missing; connecting without one (development mode)');
  return undefined;
}
