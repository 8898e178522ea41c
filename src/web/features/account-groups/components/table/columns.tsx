import {
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import { describeType, describeUserType, type AccountGroup } from '../../../../../domain/account-group';
import { RelativeTime } from '../../../../components/relative-time';
import { CopyButton } from '../../../../components/copy-button';
import { Tooltip } from '../../../../components/tooltip';
import { formatCount } from '../../../../lib/format';
import { StatusLabel } from '../status-label';
import { GroupIdLink } from './group-id-link';

export interface AccountGroupColumnMeta {
  /** The column's name in the view options menu. */
  label: string;
  /** Fixed width hint for a calm, non-jumping layout. */
  width?: string;
  className?: string;
}

/**
 * Sorting and pagination happen on the console server (manual modes); the table only holds their
 * state and renders what the server sent. No client row models are registered on purpose.
 */
export const accountGroupTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  columnVisibilityFeature,
  columnMeta: metaHelper<AccountGroupColumnMeta>(),
});

const column = createColumnHelper<typeof accountGroupTableFeatures, AccountGroup>();

/** Cell elements leave the tab order: the grid keyboard model gives the rows one tab stop (use-grid-keyboard.ts). */
const IN_GRID = -1;

export function ownersOf(group: AccountGroup): string[] {
  return group.users.filter((user) => user.type === 'OWNER').map((user) => user.id);
}

export const accountGroupColumns = column.columns([
  column.accessor('id', {
    header: 'ID',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'ID', width: '9.5rem' },
    cell: ({ row }) => (
      <span className="cell-inline">
        <GroupIdLink id={row.original.id} />
        <CopyButton value={row.original.id} label="account group ID" hint={false} tabIndex={IN_GRID} />
      </span>
    ),
  }),
  column.accessor('securities_account_number', {
    header: 'Securities account',
    enableSorting: false,
    meta: { label: 'Securities account number', width: '11rem' },
    cell: ({ row }) => (
      <span className="cell-inline">
        {/* A cell element of its own, so the grid's focus reads the number before offering its copy button. */}
        <span className="mono tabular" tabIndex={IN_GRID}>
          {row.original.securities_account_number}
        </span>
        <CopyButton
          value={row.original.securities_account_number}
          label="securities account number"
          hint={false}
          tabIndex={IN_GRID}
        />
      </span>
    ),
  }),
  column.accessor('type', {
    header: 'Type',
    enableSorting: false,
    meta: { label: 'Type', width: '8.5rem' },
    cell: ({ row }) => describeType(row.original.type).label,
  }),
  column.accessor('status', {
    header: 'Status',
    enableSorting: false,
    meta: { label: 'Status', width: '10rem' },
    cell: ({ row }) => <StatusLabel status={row.original.status} tabIndex={IN_GRID} />,
  }),
  column.accessor((group) => ownersOf(group).length, {
    id: 'owners',
    header: 'Owners',
    enableSorting: false,
    meta: { label: 'Owners', width: '12rem' },
    cell: ({ row }) => <OwnersCell group={row.original} />,
  }),
  column.accessor('created_at', {
    header: 'Created',
    sortDescFirst: true,
    meta: { label: 'Created', width: '8rem' },
    cell: ({ row }) => <RelativeTime iso={row.original.created_at} tabIndex={IN_GRID} />,
  }),
  column.accessor('updated_at', {
    header: 'Updated',
    sortDescFirst: true,
    meta: { label: 'Updated', width: '8rem' },
    cell: ({ row }) => <RelativeTime iso={row.original.updated_at} tabIndex={IN_GRID} />,
  }),
]);

function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The first owner's ID (short, the full one in its tooltip and read by screen readers), its copy
 * button, and how many owners there are. Groups without an OWNER (child accounts: CHILD and GUARDIAN
 * users) show their first user, with its type in the tooltip, and how many users they have, so the
 * column is never blank for them.
 */
function OwnersCell({ group }: { group: AccountGroup }) {
  const owners = ownersOf(group);
  const fallbackUser = owners.length === 0 ? group.users[0] : undefined;
  const first = owners[0] ?? fallbackUser?.id;
  if (first === undefined) return <span className="muted">No users</span>;
  const userType = fallbackUser ? describeUserType(fallbackUser.type).label : null;
  return (
    <span className="cell-inline">
      {/*
        No aria-label on a plain span (ARIA forbids naming it): the whole ID is its text, for screen
        readers, find and copy, and CSS shows only its first characters (.owner-id), as shortId would.
      */}
      <Tooltip
        content={
          <span className="tooltip__lines">
            <span className="mono">{first}</span>
            {userType && <span className="tooltip__muted">{userType}, no owner</span>}
          </span>
        }
        describes={false}
      >
        <span className="owner-id mono tabular" tabIndex={IN_GRID}>
          {first}
          {userType && `, ${userType.toLowerCase()}`}
        </span>
      </Tooltip>
      <CopyButton value={first} label={fallbackUser ? 'user ID' : 'owner user ID'} hint={false} tabIndex={IN_GRID} />
      <span className="owners-count muted tabular">
        {fallbackUser ? countOf(group.users.length, 'user') : countOf(owners.length, 'owner')}
      </span>
    </span>
  );
}
