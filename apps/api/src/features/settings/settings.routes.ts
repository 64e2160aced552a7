import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { ApiDeps } from '../../deps.js';
import { PaginationQuerySchema } from '../../http/common-schemas.js';
import { jsonBody, jsonResponse, problemResponses, WRITE_PROBLEMS } from '../../http/openapi.js';
import { parseInput } from '../../http/validate.js';
import {
  CreateSettingBodySchema,
  PutSettingBodySchema,
  PutSettingsBodySchema,
  SettingKeyParamsSchema,
  SettingPageSchema,
  SettingSchema,
} from './settings.schemas.js';
import { createSetting, getSetting, listSettings, putSetting, putSettings } from './settings.service.js';

/** `/api/settings`: read any setting; write them (a `timezone` change reschedules the jobs following it). */
export function createSettingsRouter(deps: ApiDeps): Router {
  const router = Router();
  const { requirePermission } = deps.auth;

  router.get('/', requirePermission('read'), async (req, res) => {
    res.json(await listSettings(deps, parseInput(PaginationQuerySchema, req.query, 'query')));
  });

  router.put('/', requirePermission('configure'), async (req, res) => {
    res.json(await putSettings(deps, parseInput(PutSettingsBodySchema, req.body, 'body')));
  });

  router.post('/', requirePermission('configure'), async (req, res) => {
    res.status(201).json(await createSetting(deps, parseInput(CreateSettingBodySchema, req.body, 'body')));
  });

  router.get('/:key', requirePermission('read'), async (req, res) => {
    const { key } = parseInput(SettingKeyParamsSchema, req.params, 'path');
    res.json(await getSetting(deps, key));
  });

  router.put('/:key', requirePermission('configure'), async (req, res) => {
    const { key } = parseInput(SettingKeyParamsSchema, req.params, 'path');
    const body = parseInput(PutSettingBodySchema, req.body, 'body');
    res.json(await putSetting(deps, key, body.value, body.description));
  });

  return router;
}

export function registerSettingsOpenApi(registry: OpenAPIRegistry): void {
  const params = SettingKeyParamsSchema;
  registry.registerPath({
    method: 'get',
    path: '/api/settings',
    operationId: 'listSettings',
    tags: ['settings'],
    summary: 'List settings',
    description: 'Ordered by key. Also served at `/api/settings/`.',
    request: { query: PaginationQuerySchema },
    responses: { 200: jsonResponse(SettingPageSchema, 'A page of settings'), ...problemResponses(422, 503) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/settings',
    operationId: 'updateSettings',
    tags: ['settings'],
    summary: 'Update several settings',
    description: 'All keys and values are checked before anything is written.',
    request: { body: jsonBody(PutSettingsBodySchema) },
    responses: {
      200: jsonResponse(SettingPageSchema, 'The updated settings'),
      ...problemResponses(404, ...WRITE_PROBLEMS),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/settings',
    operationId: 'createSetting',
    tags: ['settings'],
    summary: 'Create a setting',
    request: { body: jsonBody(CreateSettingBodySchema) },
    responses: { 201: jsonResponse(SettingSchema, 'Created'), ...problemResponses(409, ...WRITE_PROBLEMS) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/settings/{key}',
    operationId: 'getSetting',
    tags: ['settings'],
    summary: 'Get a setting',
    request: { params },
    responses: { 200: jsonResponse(SettingSchema, 'The setting'), ...problemResponses(404, 422, 503) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/settings/{key}',
    operationId: 'updateSetting',
    tags: ['settings'],
    summary: 'Update a setting',
    description:
      '`timezone` is validated as an IANA zone (422 `Invalid timezone: …`) and created when missing; changing ' +
      'it reschedules every job without its own zone. Other unknown keys are 404.',
    request: { params, body: jsonBody(PutSettingBodySchema) },
    responses: {
      200: jsonResponse(SettingSchema, 'The setting'),
      ...problemResponses(404, ...WRITE_PROBLEMS),
    },
  });
}
