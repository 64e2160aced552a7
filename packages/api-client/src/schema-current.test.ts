import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs generator script, shared with `pnpm generate:api-client`
import { OPENAPI_PATH, renderSchema, SCHEMA_PATH } from '../scripts/render-schema.mjs';

describe('src/generated/schema.ts', () => {
  it('is generated from openapi.json (run `pnpm generate:api-client`)', async () => {
    const document = JSON.parse(await readFile(OPENAPI_PATH, 'utf8'));
    const committed = await readFile(SCHEMA_PATH, 'utf8');
    expect(
      committed === (await renderSchema(document)),
      'src/schema.ts is stale: run `pnpm generate:api-client`',
    ).toBe(true);
  });
});
