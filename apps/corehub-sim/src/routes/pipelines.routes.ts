import {
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

  router.get('/pipelines', (_req, res) => sendChecked(res, PipelineListSchema, state.listPipelines()));

  router.get('/pipelines/:pipelineId', (req, res) => {
    const pipeline = state.getPipeline(req.params.pipelineId);
    if (!pipeline) return notFound(res, req.params.pipelineId);
    sendChecked(res, PipelineSchema, pipeline);
  });

  router.put('/pipelines/:pipelineId', (req, res) => {
    const body = PipelineUpdateSchema.safeParse(req.body);
    if (!body.success) return sendHubError(res, 400, 'Invalid pipeline body');
    const pipeline = state.updatePipeline(req.params.pipelineId, body.data);
    if (!pipeline) return notFound(res, req.params.pipelineId);
    sendChecked(res, PipelineSchema, pipeline);
  });

  router.get('/pipelines/:pipelineId/entities', (req, res) => {
    const entities = state.listEntities(req.params.pipelineId);
    if (!entities) return notFound(res, req.params.pipelineId);
    sendChecked(
      res,
      PipelineEntitiesReplySchema,
      entities.map((entity) => ({ entity })),
    );
  });

  router.get('/pipelines/:pipelineId/config/entities', (req, res) => {
    const entities = state.listConfigEntities(req.params.pipelineId);
    if (!entities) return notFound(res, req.params.pipelineId);
    sendChecked(res, z.array(ConfigEntityWireSchema), entities);
  });

  router.put('/pipelines/:pipelineId/config/entities', (req, res) => {
    const body = ConfigEntitiesUpdateSchema.safeParse(req.body);
    if (!body.success) return sendHubError(res, 400, 'Invalid entities body');
    if (!state.upsertConfigEntities(req.params.pipelineId, body.data.entities)) {
      return notFound(res, req.params.pipelineId);
    }
    res.status(200).type('text/plain').send('Entity upsert success');
  });

  router.get('/pipelines/:pipelineId/config/groups', (req, res) => {
    const groups = state.listGroups(req.params.pipelineId);
    if (!groups) return notFound(res, req.params.pipelineId);
    sendChecked(res, z.array(ConfigGroupSchema), groups);
  });

  // Legacy shape some old callers still read.
  router.get('/pipelines/:pipelineId/config', (req, res) => {
    const pipeline = state.getPipeline(req.params.pipelineId);
    const entities = state.listEntities(req.params.pipelineId);
    if (!pipeline || !entities) return notFound(res, req.params.pipelineId);
    res.json({
      id: pipeline.id,
      name: pipeline.name,
      entities: entities.map(({ entityId, entityName }) => ({ entityId, entityName })),
    });
  });

  router.get('/pipelines/:pipelineId/entities-status', (req, res) => {
    const statuses = state.listEntityStatuses(req.params.pipelineId);
    if (!statuses) return notFound(res, req.params.pipelineId);
    sendChecked(res, EntityStatusListSchema, statuses);
  });

  return router;
}
