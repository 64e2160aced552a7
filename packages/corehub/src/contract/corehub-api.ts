/**
 * Shapes of CoreHub's REST replies (reference §9). Objects are loose: CoreHub adds fields between versions
 * and we must not break on them, so only the fields Chronos uses are required. The simulator validates its
 * own replies with these schemas; Chronos reads the replies tasks act on with the tolerant `readers.ts`
 * (which accept these shapes and the older ones), and the caller introspection with `CoreHubUserSchema`.
 */
import { z } from 'zod';

/** Every role CoreHub knows. Role names are case-sensitive. */
export const CoreHubRoleSchema = z.enum(['SUPER_ADMIN', 'MANAGER', 'MONITOR', 'VIEWER', 'EXTERNAL_MODULE']);

/** `GET /auth/me` and `GET /authentication/me`. */
export const CoreHubUserSchema = z.looseObject({
  id: z.union([z.number(), z.string()]),
  username: z.string().min(1),
  role: CoreHubRoleSchema,
  name: z.string().nullish(),
  surname: z.string().nullish(),
  email: z.string().nullish(),
  isOidcUser: z.boolean().optional(),
  changeRequired: z.boolean().optional(),
});
export type CoreHubUser = z.infer<typeof CoreHubUserSchema>;

/** `POST /authentication/login` reply (the UI also gets a `gs-auth` cookie). */
export const LoginReplySchema = z.looseObject({ apiToken: z.string().min(1), changeRequired: z.boolean() });

/** CoreHub's error body, e.g. the 401 for a bad token. */
export const HubErrorBodySchema = z.looseObject({
  notificationId: z.number().optional(),
  message: z.string(),
});

/** The exact 401 message CoreHub sends for an invalid or expired token. */
export const INVALID_TOKEN_MESSAGE =
  'Invalid authorization token, please retry or make a new login in order to obtain a fresh token';

const AgentInfoSchema = z.looseObject({ agentId: z.string(), agentTag: z.string().optional() });

/** One element of `GET /pipelines`, and `GET /pipelines/{id}`. */
export const PipelineSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  sourceAgentsInfo: z.array(AgentInfoSchema).optional(),
  targetAgentsInfo: z.array(AgentInfoSchema).optional(),
  configurationCompleted: z.boolean().optional(),
  isInMaintenanceMode: z.boolean().optional(),
});
export type Pipeline = z.infer<typeof PipelineSchema>;

export const PipelineListSchema = z.array(PipelineSchema);

/** The inner object of `GET /pipelines/{id}/entities` items. */
export const PipelineEntitySchema = z.looseObject({
  entityId: z.string().min(1),
  entityName: z.string().optional(),
  groupId: z.string().optional(),
  orderIndex: z.number().optional(),
  agentEntities: z.array(z.unknown()).optional(),
});
export type PipelineEntity = z.infer<typeof PipelineEntitySchema>;

/** `GET /pipelines/{id}/entities` answers `[{entity: {...}}]`. */
export const PipelineEntitiesReplySchema = z.array(z.looseObject({ entity: PipelineEntitySchema }));

/**
 * One element of `GET /pipelines/{id}/config/entities`. CoreHub spells the id `entityId` or `id` depending
 * on version (`readers.ts` reads both).
 */
export const ConfigEntityWireSchema = z
  .looseObject({
    entityId: z.string().min(1).optional(),
    id: z.string().min(1).optional(),
    groupId: z.string().optional(),
    entityName: z.string().optional(),
  })
  .refine((value) => value.entityId !== undefined || value.id !== undefined, {
    message: 'a config entity needs entityId or id',
  });
export type ConfigEntityWire = z.infer<typeof ConfigEntityWireSchema>;

/** One element of `GET /pipelines/{id}/config/groups`. */
export const ConfigGroupSchema = z.looseObject({
  groupId: z.string().min(1),
  name: z.string().optional(),
  description: z.string().nullish(),
  color: z.string().optional(),
});
export type ConfigGroup = z.infer<typeof ConfigGroupSchema>;
