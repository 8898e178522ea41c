import { z } from 'zod';
import { DOCUMENTED_FIELDS } from './group-store';
import { MAX_CHANGES_PER_MINUTE } from './sandbox-options';

/**
 * Bodies the control endpoint accepts, shared with the in-process control so both refuse the same
 * input the same way. Field names follow the account group's own JSON (snake_case).
 */

const uuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID');
/** Any upper-case enum value, known or not: tests may serve values a newer API version would add. */
const enumValue = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be an upper-case enum value like ACTIVE');
const timestamp = z.iso.datetime({ offset: true });
const extraFields = z
  .record(z.string().min(1).max(64), z.unknown())
  .refine((extra) => Object.keys(extra).every((name) => !(DOCUMENTED_FIELDS as readonly string[]).includes(name)), {
    error: 'must not redefine a documented field',
  });

const groupUser = z.strictObject({ id: uuid, type: enumValue });

export const groupInputSchema = z.strictObject({
  id: uuid.optional(),
  created_at: timestamp.optional(),
  updated_at: timestamp.optional(),
  status: enumValue.optional(),
  type: enumValue.optional(),
  users: z.array(groupUser).max(20).optional(),
  securities_account_number: z.string().regex(/^\d{9}$/, 'must be 9 digits').optional(),
  /** Fields a newer API version might add, served after the documented ones. */
  extra: extraFields.optional(),
});
export type GroupInput = z.input<typeof groupInputSchema>;

export const groupPatchSchema = z.strictObject({
  status: enumValue.optional(),
  type: enumValue.optional(),
  users: z.array(groupUser).max(20).optional(),
  /** Moves updated_at to this instant instead of to now. */
  updated_at: timestamp.optional(),
  extra: extraFields.optional(),
});
export type GroupPatch = z.input<typeof groupPatchSchema>;

export const changesInputSchema = z.strictObject({ count: z.number().int().min(1).max(100_000) });

export const activityInputSchema = z.strictObject({
  /** 0 or null stops the activity. */
  changes_per_minute: z.number().min(0).max(MAX_CHANGES_PER_MINUTE).nullable(),
});

export const tokenRegistrationSchema = z.strictObject({
  access_token: z.string().min(1).max(4096).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  client_id: z.string().min(1),
  scopes: z.array(z.string().regex(/^\S+$/)).max(50),
  /** Seconds from now; default: the sandbox's token TTL. */
  expires_in: z.number().int().min(1).max(86_400 * 366).optional(),
});
export type TokenRegistration = z.input<typeof tokenRegistrationSchema>;

export const clockInputSchema = z.strictObject({ offset_ms: z.number().int().min(-(10 * 365 * 86_400_000)).max(10 * 365 * 86_400_000) });

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}
