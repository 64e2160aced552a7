import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../src/openapi-document.js';

/** Where the generated API client (packages/api-client) reads the API's contract from. */
export const OPENAPI_JSON_PATH = fileURLToPath(
  new URL('../../../packages/api-client/src/generated/openapi.json', import.meta.url),
);

/** The document as the file holds it: stable key order (as generated), two-space indent, final newline. */
export function renderOpenApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
