import { ValidationError } from '@chronos/errors';
import type { FlowSource, TriggerFlow } from '@chronos/jobs';
import type { Request, Response } from 'express';
import type { ApiDeps } from '../../deps.js';
import { abortWhenClientLeaves } from '../../http/abort-on-close.js';
import { getRequestId } from '../../http/error-handler.js';
import { parseInput } from '../../http/validate.js';
import { describeFire, startFire, waitForFlowLog } from './fire.service.js';
import { FireQuerySchema } from './triggers.schemas.js';

/** The largest event payload a fire forwards (the original's `parse_capped_json_body`). */
export const FIRE_BODY_LIMIT = '64kb';

/** The optional JSON-object body of a fire; no body is `{}`. */
export function readFirePayload(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0))
    return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ValidationError('fire body is not a JSON object', {
      detail:
        'The body, when given, must be a JSON object (it is forwarded to the flow as its event payload)',
      issues: [{ path: 'body', message: 'must be a JSON object' }],
    });
  }
  return body as Record<string, unknown>;
}

/**
 * Fires `flow` and answers: 202 `queued`, or with `?wait=true` 200 once the log row is final (or the wait
 * timed out: `failed`, `Timed out after {n}s waiting for chain to finish`).
 */
export async function answerFire(
  deps: ApiDeps,
  req: Request,
  res: Response,
  flow: TriggerFlow,
  source: FlowSource,
): Promise<void> {
  const query = parseInput(FireQuerySchema, req.query, 'query');
  const payload = readFirePayload(req.body);
  const started = await startFire(deps, { flow, source, payload, requestId: getRequestId(req) });
  if (!query.wait || started.kind === 'skipped') {
    res.status(started.kind === 'queued' ? 202 : 200).json(describeFire(flow, started));
    return;
  }
  const log = await waitForFlowLog(deps, started.log.id, {
    timeoutMs: query.wait_timeout_seconds * 1000,
    signal: abortWhenClientLeaves(res),
  });
  res.json(describeFire(flow, started, { log, timeoutSeconds: query.wait_timeout_seconds }));
}
