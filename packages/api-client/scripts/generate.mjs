// Generates src/schema.ts (see render-schema.mjs for the options) from openapi.json, which the api writes
// (`pnpm generate:api-client` runs both). A unit test fails while the two are out of step.
import { readFile, writeFile } from 'node:fs/promises';
import { OPENAPI_PATH, renderSchema, SCHEMA_PATH } from './render-schema.mjs';

const document = JSON.parse(await readFile(OPENAPI_PATH, 'utf8'));
await writeFile(SCHEMA_PATH, await renderSchema(document));
console.log(`wrote ${SCHEMA_PATH}`);
