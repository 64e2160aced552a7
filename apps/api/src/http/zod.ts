import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// `.openapi()` must exist before any schema is declared: every schema file imports `z` from here, and ESM
// evaluates this module (and so the extension) before the importing module's body.
extendZodWithOpenApi(z);

export { z };
