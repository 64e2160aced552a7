/**
 * What the simulator starts with: users (one per CoreHub role, with fixed tokens) and pipelines with their
 * groups and entities. `fixtures/demo.json` is the small hand-written one; `generateFixture` makes large
 * ones for benchmarks.
 */
import { readFileSync } from 'node:fs';
import { CoreHubRoleSchema } from '@chronos/corehub/contract';
import { z } from 'zod';

const ErrorStateSchema = z.looseObject({
  severity: z.enum(['ERROR', 'WARNING']),
  message: z.string().optional(),
});

export const FixtureEntitySchema = z.object({
  entityId: z.string().min(1),
  entityName: z.string().min(1),
  groupId: z.string().min(1).default('_default'),
  orderIndex: z.number().int().optional(),
  isSyncActive: z.boolean().default(false),
  isMigrationActive: z.boolean().default(false),
  errorState: ErrorStateSchema.nullable().default(null),
});

export const FixtureGroupSchema = z.object({
  groupId: z.string().min(1),
  name: z.string(),
  description: z.string().default(''),
  color: z.string().default('#00000000'),
});

export const FixturePipelineSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().default(''),
  sourceAgentsInfo: z.array(z.looseObject({ agentId: z.string(), agentTag: z.string() })).default([]),
  targetAgentsInfo: z.array(z.looseObject({ agentId: z.string(), agentTag: z.string() })).default([]),
  configurationCompleted: z.boolean().default(true),
  isInMaintenanceMode: z.boolean().default(false),
  groups: z.array(FixtureGroupSchema).default([]),
  entities: z.array(FixtureEntitySchema).default([]),
});

export const FixtureUserSchema = z.object({
  id: z.number().int(),
  username: z.string().min(1),
  password: z.string().min(1),
  role: CoreHubRoleSchema,
  /** Fixed token the user's requests may carry (`Authorization: Bearer` or the `gs-auth` cookie). */
  token: z.string().min(1),
  name: z.string().default(''),
  surname: z.string().default(''),
  email: z.string().default(''),
});

export const SimFixtureSchema = z.object({
  users: z.array(FixtureUserSchema).optional(),
  pipelines: z.array(FixturePipelineSchema),
});

export type SimFixture = z.input<typeof SimFixtureSchema>;
export type ParsedFixture = z.output<typeof SimFixtureSchema>;
export type FixtureUser = z.output<typeof FixtureUserSchema>;

/** One user per role; tests and the README rely on these tokens. */
export const DEFAULT_USERS: FixtureUser[] = (
  [
    [1, 'admin', 'SUPER_ADMIN'],
    [2, 'manager', 'MANAGER'],
    [3, 'monitor', 'MONITOR'],
    [4, 'viewer', 'VIEWER'],
    [5, 'module', 'EXTERNAL_MODULE'],
  ] as const
).map(([id, username, role]) => ({
  id,
  username,
  password: username,
  role,
  token: `sim-${role.toLowerCase().replaceAll('_', '-')}-token`,
  name: username,
  surname: 'sim',
  email: `${username}@corehub.sim`,
}));

/** Validates a fixture and fills defaults (users default to `DEFAULT_USERS`). */
export function parseFixture(input: unknown): ParsedFixture & { users: FixtureUser[] } {
  const parsed = SimFixtureSchema.parse(input);
  return { ...parsed, users: parsed.users ?? DEFAULT_USERS };
}

/** Reads a fixture JSON file. */
export function loadFixtureFile(path: string | URL): ParsedFixture & { users: FixtureUser[] } {
  return parseFixture(JSON.parse(readFileSync(path, 'utf8')));
}

/** `fixtures/demo.json` (found relative to this module, from `src/` and from `dist/`). */
export function loadDemoFixture(): ParsedFixture & { users: FixtureUser[] } {
  return loadFixtureFile(new URL('../fixtures/demo.json', import.meta.url));
}

/**
 * A deterministic fixture with `pipelines` pipelines of `entitiesPerPipeline` entities spread over
 * `groupsPerPipeline` groups. Ids are stable so benchmark jobs can refer to them (`p0001`, `p0001-e0001`,
 * `p0001-g01`).
 */
export function generateFixture(options: {
  pipelines: number;
  entitiesPerPipeline?: number;
  groupsPerPipeline?: number;
}): ParsedFixture & { users: FixtureUser[] } {
  const entityCount = options.entitiesPerPipeline ?? 20;
  const groupCount = Math.max(1, options.groupsPerPipeline ?? 4);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const pipelines = Array.from({ length: options.pipelines }, (_, p) => {
    const id = `p${pad(p + 1, 4)}`;
    const groups = Array.from({ length: groupCount }, (_, g) => ({
      groupId: `${id}-g${pad(g + 1, 2)}`,
      name: `group ${g + 1}`,
    }));
    const entities = Array.from({ length: entityCount }, (_, e) => ({
      entityId: `${id}-e${pad(e + 1, 4)}`,
      entityName: `SCHEMA.TABLE_${pad(e + 1, 4)}`,
      groupId: groups[e % groupCount]?.groupId ?? '_default',
      orderIndex: e,
    }));
    return { id, name: `Generated pipeline ${p + 1}`, groups, entities };
  });
  return parseFixture({ pipelines });
}
