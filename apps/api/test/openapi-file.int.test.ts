import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPENAPI_JSON_PATH, renderOpenApiJson } from '../scripts/openapi-file.js';

describe('packages/api-client/openapi.json', () => {
  it('is the document the API serves (run `pnpm generate:api-client` after changing a route or schema)', async () => {
    const committed = await readFile(OPENAPI_JSON_PATH, 'utf8');
    expect(committed === renderOpenApiJson(), 'openapi.json is stale: run `pnpm generate:api-client`').toBe(
      true,
    );
  });
});
