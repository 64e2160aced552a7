/**
 * Test controls under `/__sim/` (not part of CoreHub; never journaled, never faulted, no auth). The same
 * operations exist on the object `createSimulator` returns.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { SimAutomation } from '../automation.js';
import { FaultActionSchema, type FaultRegistry, FaultSpecSchema } from '../faults/fault-registry.js';
import type { Journal } from '../journal.js';
import type { ModuleHub } from '../module-hub.js';
import { sendHubError } from '../reply.js';
import type { SimBehaviour, SimState } from '../sim-state.js';
import type { SimWebhooks } from '../webhooks.js';

export type SimControls = {
  state: SimState;
  automation: SimAutomation;
  journal: Journal;
  faults: FaultRegistry;
  hub: ModuleHub;
  webhooks: SimWebhooks;
  reset(): void;
  configure(changes: Partial<SimBehaviour>): SimBehaviour;
};

const BehaviourSchema = z
  .object({
    tokenTtlMs: z.number().int().min(1),
    stopDelayMs: z.number().int().min(0),
    migrationMs: z.number().int().min(0),
    runPolls: z.number().int().min(0),
    runOutcome: z.enum(['succeed', 'fail']),
    comparisonDifferences: z.number().int().min(0),
  })
  .partial()
  .strict();

const EntityStatusChangeSchema = z
  .object({
    isSyncActive: z.boolean(),
    isMigrationActive: z.boolean(),
    errorState: z
      .object({ severity: z.enum(['ERROR', 'WARNING']), message: z.string().optional() })
      .nullable(),
  })
  .partial()
  .strict();

export function createSimControlRoutes(controls: SimControls): Router {
  const router = Router();

  router.get('/__sim/journal', (req, res) => {
    const method = typeof req.query.method === 'string' ? req.query.method : undefined;
    const path = typeof req.query.path === 'string' ? req.query.path : undefined;
    res.json({ entries: controls.journal.list({ method, path }) });
  });
  router.delete('/__sim/journal', (_req, res) => {
    controls.journal.clear();
    res.status(204).end();
  });

  router.get('/__sim/faults', (_req, res) => res.json({ faults: controls.faults.list() }));
  router.post('/__sim/faults', (req, res) => {
    const action = FaultActionSchema.safeParse(req.body);
    if (action.success) {
      if (action.data.action === 'drop-websocket') {
        return res.json({ action: action.data.action, dropped: controls.hub.dropConnections() });
      }
      controls.hub.expireTokens();
      return res.json({ action: action.data.action });
    }
    const spec = FaultSpecSchema.safeParse(req.body);
    if (!spec.success) return sendHubError(res, 400, z.prettifyError(spec.error));
    res.status(201).json(controls.faults.add(spec.data));
  });
  router.delete('/__sim/faults', (_req, res) => {
    controls.faults.clear();
    res.status(204).end();
  });
  router.delete('/__sim/faults/:id', (req, res) => {
    if (!controls.faults.remove(req.params.id)) return sendHubError(res, 404, 'no such fault');
    res.status(204).end();
  });

  router.post('/__sim/reset', (_req, res) => {
    controls.reset();
    res.status(204).end();
  });

  router.get('/__sim/state', (_req, res) => {
    res.json({
      ...controls.state.snapshot(),
      modules: controls.hub.connected(),
      tokensIssued: controls.hub.tokensIssued(),
      faults: controls.faults.list(),
    });
  });

  router.get('/__sim/webhooks/deliveries', (_req, res) => {
    res.json({ deliveries: controls.webhooks.delivered() });
  });
  // Delivers one registered webhook now, to `address` when given (a chosen Chronos api process).
  router.post('/__sim/webhooks/:webhookId/deliver', async (req, res) => {
    const body = z.object({ address: z.url().optional() }).safeParse(req.body ?? {});
    if (!body.success) return sendHubError(res, 400, z.prettifyError(body.error));
    const delivery = await controls.webhooks.deliverNow(req.params.webhookId, body.data.address);
    if (!delivery) return sendHubError(res, 404, 'no such webhook');
    res.json(delivery);
  });

  router.post('/__sim/config', (req, res) => {
    const changes = BehaviourSchema.safeParse(req.body);
    if (!changes.success) return sendHubError(res, 400, z.prettifyError(changes.error));
    res.json(controls.configure(changes.data));
  });

  router.patch('/__sim/pipelines/:pipelineId/entities/:entityId', (req, res) => {
    const changes = EntityStatusChangeSchema.safeParse(req.body);
    if (!changes.success) return sendHubError(res, 400, z.prettifyError(changes.error));
    const status = controls.state.setEntityStatus(req.params.pipelineId, req.params.entityId, changes.data);
    if (!status) return sendHubError(res, 404, 'no such pipeline or entity');
    res.json(status);
  });

  return router;
}
