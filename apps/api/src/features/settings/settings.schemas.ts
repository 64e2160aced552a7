import { instantString, pageSchema } from '../../http/common-schemas.js';
import { z } from '../../http/zod.js';

export const SettingKeySchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'must be letters, digits, "_", ".", ":" or "-"')
  .openapi({ example: 'timezone' });

const SettingValueSchema = z.string().max(10_000).nullable();
const SettingDescriptionSchema = z.string().max(2000).nullable();

export const SettingKeyParamsSchema = z.object({ key: SettingKeySchema });

export const PutSettingBodySchema = z
  .strictObject({
    value: SettingValueSchema.openapi({
      description: 'Required (may be null); `timezone` must be an IANA zone',
    }),
    description: SettingDescriptionSchema.optional(),
  })
  .openapi('SettingUpdate', { example: { value: 'Europe/Rome' } });

export const CreateSettingBodySchema = z
  .strictObject({
    key: SettingKeySchema,
    value: SettingValueSchema.optional(),
    description: SettingDescriptionSchema.optional(),
  })
  .openapi('SettingCreate', { example: { key: 'ui.theme', value: 'dark', description: 'Theme of the UI' } });

export const PutSettingsBodySchema = z
  .record(SettingKeySchema, SettingValueSchema)
  .refine((map) => Object.keys(map).length <= 100, 'at most 100 settings at once')
  .openapi('SettingsUpdate', {
    description: 'Key → new value. Every key must exist, except `timezone`, which is created when missing.',
    example: { timezone: 'Europe/Rome' },
  });

export const SettingSchema = z
  .object({
    id: z.number().int(),
    key: z.string(),
    value: z.string().nullable(),
    description: z.string().nullable(),
    created_at: instantString(),
    updated_at: instantString(),
    rescheduled_jobs: z.number().int().optional().openapi({
      description: 'After a `timezone` change: how many jobs following the setting were rescheduled',
    }),
  })
  .openapi('Setting');
export type SettingResponse = z.infer<typeof SettingSchema>;

export const SettingPageSchema = pageSchema(SettingSchema, 'SettingPage');
