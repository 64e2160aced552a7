import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { type ApiDeps, currentTime } from '../../deps.js';
import { formatInstant } from '../../http/format-instant.js';
import { jsonBody, jsonResponse, problemResponses, WRITE_PROBLEMS } from '../../http/openapi.js';
import { createValidationError, parseInput } from '../../http/validate.js';
import {
  computeNextRuns,
  describeSchedule,
  listScheduleDays,
  resolveCron,
  SCHEDULE_REQUIRED_MESSAGE,
} from '../jobs/schedule-rules.js';
import { getDefaultTimezone } from '../settings/default-timezone.js';
import {
  type PreviewBody,
  PreviewBodySchema,
  type PreviewResponse,
  PreviewSchema,
} from './schedules.schemas.js';

/** What a schedule would do, without creating anything: its cron, a description and the next fire times. */
export async function previewSchedule(deps: ApiDeps, body: PreviewBody): Promise<PreviewResponse> {
  const cron = resolveCron(body);
  if (!cron) {
    throw createValidationError(
      [{ path: 'body', message: SCHEDULE_REQUIRED_MESSAGE }],
      SCHEDULE_REQUIRED_MESSAGE,
    );
  }
  const timezone = body.timezone ?? (await getDefaultTimezone(deps));
  const from = body.from ? new Date(body.from) : currentTime(deps);
  return {
    cron_expression: cron.cronExpression,
    description: describeSchedule(cron.cronExpression, timezone),
    timezone,
    schedule_days: listScheduleDays(cron.cronExpression),
    next_runs: computeNextRuns(cron.cronExpression, timezone, from, body.count).map((date) =>
      formatInstant(date, timezone),
    ),
  };
}

export function createSchedulesRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post('/preview', deps.auth.requirePermission('read'), async (req, res) => {
    res.json(await previewSchedule(deps, parseInput(PreviewBodySchema, req.body, 'body')));
  });
  return router;
}

export function registerSchedulesOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/api/schedules/preview',
    operationId: 'previewSchedule',
    tags: ['schedules'],
    summary: 'Preview a schedule',
    description:
      'Converts a friendly schedule or checks a cron, describes it and lists up to 1000 next runs.',
    request: {
      body: jsonBody(PreviewBodySchema, {
        friendly: {
          summary: 'Friendly format',
          value: {
            schedule: { days_of_week: ['monday', 'wednesday', 'friday'], hour: 8, minute: 30 },
            count: 3,
          },
        },
        cron: {
          summary: 'Cron in a zone from an instant',
          value: {
            cron_expression: '0 2 * * *',
            timezone: 'America/New_York',
            from: '2025-03-08T00:00:00Z',
            count: 3,
          },
        },
      }),
    },
    responses: { 200: jsonResponse(PreviewSchema, 'The preview'), ...problemResponses(...WRITE_PROBLEMS) },
  });
}
