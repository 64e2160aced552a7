import { BadRequestError } from '@chronos/errors';
import { normalizeEventName } from '@chronos/jobs';
import { type Request, Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { getRequestId } from '../../http/error-handler.js';
import { startFire } from '../triggers/fire.service.js';

export const PLATFORM_EVENT_PATH = '/platform-event';
const EXT_MODULE_HEADER = 'EXT_MODULE';
const FLOW_ID_HEADER = 'X-Trigger-Flow-ID';

/** The `X-Trigger-Flow-ID` CoreHub's webhook carries (reference §4.5: `chronos-platform-{flowId}`). */
function readFlowId(req: Request): number {
  const module = req.get(EXT_MODULE_HEADER);
  if (module !== 'chronos') {
    throw new BadRequestError('bad EXT_MODULE header', {
      code: 'INVALID_EXT_MODULE',
      detail: "Invalid or missing EXT_MODULE header (expected 'chronos')",
    });
  }
  const raw = req.get(FLOW_ID_HEADER);
  if (raw === undefined || raw.trim() === '') {
    throw new BadRequestError('missing flow id header', {
      code: 'MISSING_TRIGGER_FLOW_ID',
      detail: `Missing ${FLOW_ID_HEADER} header`,
    });
  }
  if (!/^\d{1,10}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > 2_147_483_647) {
    throw new BadRequestError('bad flow id header', {
      code: 'INVALID_TRIGGER_FLOW_ID',
      detail: `Invalid ${FLOW_ID_HEADER} header: ${JSON.stringify(raw).slice(0, 80)} is not a flow id`,
    });
  }
  return Number(raw);
}

/** The event name a payload carries (`eventType`, else `type`), if any. */
function eventNameOf(payload: Record<string, unknown>): string | undefined {
  const name = payload.eventType ?? payload.type;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

/**
 * `POST /api/webhooks/platform-event` (reference §1.5): CoreHub's webhook for a flow's platform event.
 * Unauthenticated like the original (CoreHub sends only the headers it was registered with), so it accepts
 * only what the headers prove: the one flow `X-Trigger-Flow-ID` names, only if it has a platform event,
 * is enabled, and the payload (when it names its event) is that event. Anything else is acknowledged and
 * skipped. Rate limited per client with the other receivers (`createWebhooksRouter`, WEBHOOK_RATE_LIMIT a minute). The fire is recorded and queued before
 * the answer, so a 200 means the flow will run.
 */
export function createPlatformEventRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post(PLATFORM_EVENT_PATH, async (req, res) => {
    const flowId = readFlowId(req);
    const body: unknown = req.body;
    const payload =
      body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const logger = deps.logger.child({ flowId, requestId: getRequestId(req) });
    const flow = await deps.db.triggerFlows.find(flowId);
    const eventName = eventNameOf(payload);
    let skipped: string | undefined;
    if (!flow) skipped = 'no such flow';
    else if (!flow.enabled) skipped = 'flow is disabled';
    else if (!flow.platformEvent) skipped = 'flow has no platform event';
    else if (eventName && normalizeEventName(eventName) !== normalizeEventName(flow.platformEvent))
      skipped = `event ${eventName} is not the flow's platform event`;
    if (flow && !skipped) {
      const started = await startFire(deps, {
        flow,
        source: 'platform_event',
        payload,
        requestId: getRequestId(req),
      });
      if (started.kind === 'skipped') skipped = started.reason;
    }
    if (skipped) logger.info({ reason: skipped }, 'platform event skipped');
    res.json({ acknowledged: true, flow_id: flowId });
  });

  return router;
}
