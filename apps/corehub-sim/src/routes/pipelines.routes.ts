import {
  COREHUB_ROUTES,
  ConfigEntityWireSchema,
  ConfigGroupSchema,
  EntityStatusListSchema,
  PipelineEntitiesReplySchema,
  PipelineListSchema,
  PipelineSchema,
} from '@chronos/corehub/contract';
import { Router } from 'express';
import { z } from 'zod';
import { sendChecked, sendHubError } from '../reply.js';
import type { SimState } from '../sim-state.js';

const PipelineUpdateSchema = z.object({ name: z.string().optional(), description: z.string().optional() });
const ConfigEntitiesUpdateSchema = z.object({ entities: z.array(ConfigEntityWireSchema) });

/** Pipelines, entities, config entities/groups and entities-status (reference §9). Caller already checked. */
export function createPipelineRoutes(state: SimState): Router {
  const router = Router();
  const notFound = (res: Parameters<typeof sendHubError>[0], pipelineId: string) =>
    sendHubError(res, 404, `Pipeline ${pipelineId} not found`);

  router.get(COREHUB_ROUTES.pipelines, (_req, res) =>
    sendChecked(res, PipelineListSchema, state.listPipelines()),
  );

  router.get(COREHUB_ROUTES.pipeline, (req, res) => {
    const pipeline = state.getPipeline(req.params.pipelineId);
    if (!pipeline) return notFound(res, req.params.pipelineId);
    sendChecked(res, PipelineSchema, pipeline);
  });

  router.put(COREHUB_ROUTES.pipeline, (req, res) => {
    const body = PipelineUpdateSchema.safeParse(req.body);
    if (!body.success) return sendHubError(res, 400, 'Invalid pipeline body');
    const pipeline = state.updatePipeline(req.params.pipelineId, body.data);
    if (!pipeline) return notFound(res, req.params.pipelineId);
    sendChecked(res, PipelineSchema, pipeline);
  });

  router.get(COREHUB_ROUTES.pipelineEntities, (req, res) => {
    const entities = state.listEntities(req.params.pipelineId);
    if (!entities) return notFound(res, req.params.pipelineId);
    sendChecked(
      res,
      PipelineEntitiesReplySchema,
      entities.map((entity) => ({ entity })),
    );
  });

  router.get(COREHUB_ROUTES.configEntities, (req, res) => {
    const entities = state.listConfigEntities(req.params.pipelineId);
    if (!entities) return notFound(res, req.params.pipelineId);
    sendChecked(res, z.array(ConfigEntityWireSchema), entities);
  });

  router.put(COREHUB_ROUTES.configEntities, (req, res) => {
    const body = ConfigEntitiesUpdateSchema.safeParse(req.body);
    if (!body.success) return sendHubError(res, 400, 'Invalid entities body');
    if (!state.upsertConfigEntities(req.params.pipelineId, body.data.entities)) {
      return notFound(res, req.params.pipelineId);
    }
    res.status(200).type('text/plain').send('Entity upsert success');
  });

  router.get(COREHUB_ROUTES.configGroups, (req, res) => {
    const groups = state.listGroups(req.params.pipelineId);
    if (!groups) return notFound(res, req.params.pipelineId);
    sendChecked(res, z.array(ConfigGroupSchema), groups);
  });

  // Legacy shape some old callers still read.
  router.get(COREHUB_ROUTES.pipelineConfig, (req, res) => {
    const pipeline = state.getPipeline(req.params.pipelineId);
    const entities = state.listEntities(req.params.pipelineId);
    if (!pipeline || !entities) return notFound(res, req.params.pipelineId);
    res.json({
      id: pipeline.id,
      name: pipeline.name,
      entities: entities.map(({ entityId, entityName }) => ({ entityId, entityName })),
    });
  });

  router.get(COREHUB_ROUTES.entitiesStatus, (req, res) => {
    const statuses = state.listEntityStatuses(req.params.pipelineId);
    if (!statuses) return notFound(res, req.params.pipelineId);
    sendChecked(res, EntityStatusListSchema, statuses);
  });

  return router;
}
