import { z } from 'zod/mini';

/**
 * The account group as Upvest returns it (list-account-groups.md, API version 1).
 *
 * Parsed leniently on purpose: Upvest may add fields and enum values in any minor version, so unknown
 * fields are kept and unknown status, type or user-type values are carried as plain strings. The
 * console must show them as they are and never crash on them.
 */

export const ACCOUNT_GROUP_STATUSES = ['PENDING_APPROVAL', 'ACTIVE', 'CLOSING', 'CLOSED', 'LOCKED'] as const;
export type AccountGroupStatus = (typeof ACCOUNT_GROUP_STATUSES)[number];

export const ACCOUNT_GROUP_TYPES = ['PERSONAL', 'LEGAL_ENTITY', 'FRENCH_PEA', 'ISA', 'CHILD'] as const;
export type AccountGroupType = (typeof ACCOUNT_GROUP_TYPES)[number];

/** OWNER is documented for version 1; newer API versions add CHILD and GUARDIAN. */
export const ACCOUNT_GROUP_USER_TYPES = ['OWNER', 'CHILD', 'GUARDIAN'] as const;
export type AccountGroupUserType = (typeof ACCOUNT_GROUP_USER_TYPES)[number];

export interface EnumDescription {
  /** Short human label, e.g. "Pending approval". */
  readonly label: string;
  /** What the value means, in Upvest's words (list-account-groups.md). */
  readonly description: string;
}

export const STATUS_DESCRIPTIONS: Readonly<Record<AccountGroupStatus, EnumDescription>> = {
  PENDING_APPROVAL: {
    label: 'Pending approval',
    description:
      'Account group approval is pending: the account group is visible through the API but cannot be acted on.',
  },
  ACTIVE: {
    label: 'Active',
    description: 'Account group is active: full functionality of the Investment API is accessible.',
  },
  CLOSING: { label: 'Closing', description: 'Account group is closing.' },
  CLOSED: { label: 'Closed', description: 'Account group is closed.' },
  LOCKED: { label: 'Locked', description: 'Account group is locked for all actions.' },
};

export const TYPE_DESCRIPTIONS: Readonly<Record<AccountGroupType, EnumDescription>> = {
  PERSONAL: {
    label: 'Personal',
    description: 'Account group of a person holding assets on their own behalf.',
  },
  LEGAL_ENTITY: {
    label: 'Legal entity',
    description: 'Account group of a legal entity holding assets on behalf of their users.',
  },
  FRENCH_PEA: {
    label: 'French PEA',
    description: "Account group of a French resident holding assets in a Plan d'Épargne en Actions.",
  },
  ISA: {
    label: 'ISA',
    description: 'Account group of a UK resident holding assets in an individual savings account.',
  },
  CHILD: {
    label: 'Child',
    description: 'Account group of a child user holding assets in a child account.',
  },
};

export const USER_TYPE_DESCRIPTIONS: Readonly<Record<AccountGroupUserType, EnumDescription>> = {
  OWNER: { label: 'Owner', description: 'The user owns the account group.' },
  CHILD: { label: 'Child', description: 'The child for whom the account group is held.' },
  GUARDIAN: { label: 'Guardian', description: 'A legal guardian acting for the child.' },
};

export function isKnownStatus(value: string): value is AccountGroupStatus {
  return (ACCOUNT_GROUP_STATUSES as readonly string[]).includes(value);
}

export function isKnownType(value: string): value is AccountGroupType {
  return (ACCOUNT_GROUP_TYPES as readonly string[]).includes(value);
}

/** Label and meaning of a status; an unknown value is shown as it is. */
export function describeStatus(value: string): EnumDescription {
  return isKnownStatus(value)
    ? STATUS_DESCRIPTIONS[value]
    : { label: value, description: `Status "${value}" is not known to this console version.` };
}

/** Label and meaning of a type; an unknown value is shown as it is. */
export function describeType(value: string): EnumDescription {
  return isKnownType(value)
    ? TYPE_DESCRIPTIONS[value]
    : { label: value, description: `Type "${value}" is not known to this console version.` };
}

export function describeUserType(value: string): EnumDescription {
  return (ACCOUNT_GROUP_USER_TYPES as readonly string[]).includes(value)
    ? USER_TYPE_DESCRIPTIONS[value as AccountGroupUserType]
    : { label: value, description: `User type "${value}" is not known to this console version.` };
}

/** Account group IDs are UUIDs (any version, either case). */
const ACCOUNT_GROUP_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isAccountGroupId(value: string): boolean {
  return ACCOUNT_GROUP_ID.test(value);
}

export const accountGroupUserSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
});
export type AccountGroupUser = z.infer<typeof accountGroupUserSchema>;

export const accountGroupSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  created_at: z.string(),
  updated_at: z.string(),
  users: z.array(accountGroupUserSchema),
  status: z.string(),
  type: z.string(),
  securities_account_number: z.string(),
});
export type AccountGroup = z.infer<typeof accountGroupSchema>;

export const SORT_FIELDS = ['created_at', 'updated_at'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export const SORT_ORDERS = ['ASC', 'DESC'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Upvest's list page (`GET /account_groups`), parsed leniently like the groups inside it. */
export const upvestListMetaSchema = z.looseObject({
  offset: z.int(),
  limit: z.int(),
  count: z.int(),
  total_count: z.int(),
  sort: z.optional(z.string()),
  order: z.optional(z.string()),
});
export type UpvestListMeta = z.infer<typeof upvestListMetaSchema>;

export const upvestAccountGroupListSchema = z.object({
  meta: upvestListMetaSchema,
  data: z.array(accountGroupSchema),
});
export type UpvestAccountGroupList = z.infer<typeof upvestAccountGroupListSchema>;

/** Upvest's list limits and defaults (API.md). */
export const UPVEST_LIST_LIMITS = {
  defaultLimit: 100,
  maxLimit: 1000,
  defaultSort: 'created_at',
  defaultOrder: 'ASC',
} as const satisfies { defaultLimit: number; maxLimit: number; defaultSort: SortField; defaultOrder: SortOrder };
