/**
 * Writes the API's OpenAPI document to packages/api-client/src/generated/openapi.json, the input of the generated client
 * (`pnpm generate:api-client` runs this, then the client's generator). A test holds the file to the code.
 */
import { writeFile } from 'node:fs/promises';
import { OPENAPI_JSON_PATH, renderOpenApiJson } from './openapi-file.js';

await writeFile(OPENAPI_JSON_PATH, renderOpenApiJson());
console.log(`wrote ${OPENAPI_JSON_PATH}`);
