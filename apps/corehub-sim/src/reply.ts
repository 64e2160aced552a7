import { HubErrorBodySchema } from '@chronos/corehub/contract';
import type { Response } from 'express';
import type { z } from 'zod';

/**
 * Sends `body` as JSON after validating it against the contract schema the client reads it with. A
 * failure is a simulator bug and surfaces as a 500 (never as a silently drifting reply).
 */
export function sendChecked<S extends z.ZodType>(
  res: Response,
  schema: S,
  body: z.input<S>,
  status = 200,
): void {
  res.status(status).json(schema.parse(body));
}

/** CoreHub-style error body: `{notificationId: -1, message}` (the contract's `HubErrorBodySchema`). */
export function sendHubError(res: Response, status: number, message: string): void {
  sendChecked(res, HubErrorBodySchema, { notificationId: -1, message }, status);
}
