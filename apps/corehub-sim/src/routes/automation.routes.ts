import {
  AiRunSchema,
  AiRunStartBodySchema,
  BrainJobSchema,
  COREHUB_ROUTES,
  ComparisonRunSchema,
  ComparisonStartBodySchema,
  ComparisonStartedSchema,
  QueryStudioExecuteBodySchema,
  ReconciliationSchema,
  VisualizeRefreshBodySchema,
  VisualizeRefreshReplySchema,
} from '@chronos/corehub/contract';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { SAVED_QUERIES, type SimAutomation, VISUALIZATIONS } from '../automation.js';
import { sendChecked, sendHubError } from '../reply.js';
import type { SimState } from '../sim-state.js';

/** The request body read with the contract's schema, or a CoreHub-style 400 and undefined. */
function readBody<S extends z.ZodType>(req: Request, res: Response, schema: S): z.output<S> | undefined {
  const body = schema.safeParse(req.body);
  if (body.success) return body.data;
  sendHubError(res, 400, `Invalid request body: ${z.prettifyError(body.error)}`);
  return undefined;
}

/** Query Studio, AI runs, the brain job, data comparison and Visualize (reference §9). */
export function createAutomationRoutes(state: SimState, automation: SimAutomation): Router {
  const router = Router();

  router.get(COREHUB_ROUTES.savedQuery, (req, res) => {
    const saved = SAVED_QUERIES[req.params.queryId as string];
    if (!saved) return sendHubError(res, 404, `Saved query ${req.params.queryId} not found`);
    res.json({ id: req.params.queryId, data: saved });
  });

  router.post(COREHUB_ROUTES.queryStudioExecute, (req, res) => {
    const body = readBody(req, res, QueryStudioExecuteBodySchema);
    if (!body) return;
    if (!state.hasPipeline(req.params.pipelineId as string)) {
      return sendHubError(res, 404, `Pipeline ${req.params.pipelineId} not found`);
    }
    if (state.behaviour.runOutcome === 'fail') {
      return res.json({ status: 'error', message: 'relation "orders" does not exist' });
    }
    res.json({ status: 'ok', readOnly: body.options.readOnly, columns: ['count'], rows: [[42]] });
  });

  router.post(COREHUB_ROUTES.aiAgentRuns, (req, res) => {
    if (!readBody(req, res, AiRunStartBodySchema)) return;
    sendChecked(res, AiRunSchema, automation.startAiRun(req.params.agentAlias as string), 201);
  });

  router.get(COREHUB_ROUTES.aiRun, (req, res) => {
    const run = automation.readAiRun(req.params.runId as string);
    if (!run) return sendHubError(res, 404, `Run ${req.params.runId} not found`);
    sendChecked(res, AiRunSchema, run);
  });

  router.get(COREHUB_ROUTES.brainJob, (_req, res) =>
    sendChecked(res, BrainJobSchema, automation.readBrain()),
  );
  router.post(COREHUB_ROUTES.brainJob, (_req, res) =>
    sendChecked(res, BrainJobSchema, automation.startBrain(), 202),
  );

  router.post(COREHUB_ROUTES.dataComparisonRuns, (req, res) => {
    const body = readBody(req, res, ComparisonStartBodySchema);
    if (!body) return;
    if (!state.hasPipeline(body.pipelineId))
      return sendHubError(res, 404, `Pipeline ${body.pipelineId} not found`);
    sendChecked(
      res,
      ComparisonStartedSchema,
      automation.startComparison(body.pipelineId, body.entityId),
      202,
    );
  });

  router.get(COREHUB_ROUTES.dataComparisonRun, (req, res) => {
    const run = automation.readComparison(req.params.jobId as string);
    if (!run) return sendHubError(res, 404, `Comparison ${req.params.jobId} not found`);
    sendChecked(res, ComparisonRunSchema, run);
  });

  router.post(COREHUB_ROUTES.dataComparisonReconciliation, (req, res) => {
    const result = automation.reconcile(req.params.jobId as string);
    if (!result) return sendHubError(res, 404, `Comparison ${req.params.jobId} not found`);
    sendChecked(res, ReconciliationSchema, result);
  });

  router.post(COREHUB_ROUTES.visualizeRefresh, (req, res) => {
    const body = readBody(req, res, VisualizeRefreshBodySchema);
    if (!body) return;
    if (!VISUALIZATIONS.includes(body.vizId))
      return sendHubError(res, 404, `Visualization ${body.vizId} not found`);
    sendChecked(res, VisualizeRefreshReplySchema, { scheduled: true }, 202);
  });

  return router;
}
