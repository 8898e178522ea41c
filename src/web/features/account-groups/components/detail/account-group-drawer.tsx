import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { SearchX, X } from 'lucide-react';
import { useMemo, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { AccountGroup } from '../../../../../domain/account-group';
import type { AccountGroupList } from '../../../../../domain/console-api';
import { Button } from '../../../../components/button';
import { CopyButton } from '../../../../components/copy-button';
import { ProblemPanel } from '../../../../components/problem-panel';
import { ProgressBar } from '../../../../components/progress-bar';
import { RelativeTime } from '../../../../components/relative-time';
import { Skeleton } from '../../../../components/skeleton';
import { shortId } from '../../../../lib/format';
import { isNotFound, ProblemError } from '../../../../lib/problem-error';
import { useAccountGroup } from '../../api/get-account-group';
import { accountGroupKeys } from '../../api/query-keys';
import { useListView } from '../../hooks/use-list-view';
import { LIST_PATH } from '../../lib/list-view';
import { TABLE_ID } from '../table/account-groups-table';
import { isOpenedFromList } from '../table/group-id-link';
import { AccountGroupDetails } from './account-group-details';

/** The row as the list showed it, to fill the drawer at once while the live state loads. */
function fromListCache(queryClient: QueryClient, id: string): AccountGroup | undefined {
  for (const [, list] of queryClient.getQueriesData<AccountGroupList>({ queryKey: accountGroupKeys.lists() })) {
    const group = list?.data.find((candidate) => candidate.id === id);
    if (group) return group;
  }
  return undefined;
}

function escapeAttribute(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

/**
 * `/account-groups/:id`: everything about one group, fetched live, in a modal drawer over the list.
 * Radix Dialog moves focus in, traps it and closes on Esc; closing returns focus to the row's link
 * when the drawer was opened from the list, and to the table when it was opened by a direct link.
 */
export default function AccountGroupDrawer({ id }: { id: string }) {
  const navigate = useNavigate();
  const location = useLocation();
  const drawerRef = useRef<HTMLDivElement>(null);
  const { view } = useListView();
  const queryClient = useQueryClient();
  const placeholder = useMemo(() => fromListCache(queryClient, id), [queryClient, id]);
  const group = useAccountGroup(id, placeholder);
  const openedFromList = isOpenedFromList(location.state) && location.state.openedFromList === location.search;

  const close = (): void => {
    // Opened from the row: going back leaves history as it was before opening.
    if (openedFromList) void navigate(-1);
    else void navigate({ pathname: LIST_PATH, search: location.search });
  };

  // Focus the drawer itself (announced by its title), not its first button, whose tooltip would pop up.
  const focusDrawer = (event: Event): void => {
    event.preventDefault();
    drawerRef.current?.focus();
  };

  const returnFocus = (event: Event): void => {
    event.preventDefault();
    const rowLink = openedFromList ? document.querySelector<HTMLElement>(`[data-row-link="${escapeAttribute(id)}"]`) : null;
    (rowLink ?? document.getElementById(TABLE_ID))?.focus();
  };

  const data = group.data;
  const notFound = isNotFound(group.error);

  return (
    <Dialog.Root
      open
      onOpenChange={(open) => {
        if (!open) close();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="drawer-overlay" />
        <Dialog.Content
          ref={drawerRef}
          className="drawer"
          aria-describedby={undefined}
          onOpenAutoFocus={focusDrawer}
          onCloseAutoFocus={returnFocus}
        >
          <header className="drawer__header">
            <div className="drawer__title-block">
              <Dialog.Title className="drawer__title">
                Account group <span className="mono">{shortId(id)}</span>
              </Dialog.Title>
              {data && !notFound && (
                <p className="drawer__subtitle muted">
                  {group.isPlaceholderData ? (
                    'Loading the live state from Upvest…'
                  ) : (
                    <>
                      Fetched live from Upvest <RelativeTime iso={new Date(group.dataUpdatedAt).toISOString()} />
                    </>
                  )}
                </p>
              )}
            </div>
            <div className="drawer__actions">
              {data && !notFound && (
                <CopyButton value={JSON.stringify(data, null, 2)} label="account group as JSON" text="Copy as JSON" />
              )}
              <Dialog.Close asChild>
                <Button size="icon" variant="ghost" aria-label="Close">
                  <X aria-hidden size={16} />
                </Button>
              </Dialog.Close>
            </div>
          </header>
          {group.isFetching && <ProgressBar label="Loading account group" className="drawer__progress" />}
          <div className="drawer__body">
            {notFound ? (
              <div className="empty-state empty-state--left" role="alert">
                <SearchX aria-hidden size={24} />
                <h3 className="empty-state__title">This account group does not exist</h3>
                <p className="muted">
                  Upvest has no account group with ID <code className="break">{id}</code> for this tenant.
                </p>
                {group.error instanceof ProblemError && group.error.problem.upstream_request_id !== undefined && (
                  <p className="muted">
                    Upvest request ID <code>{group.error.problem.upstream_request_id}</code>
                  </p>
                )}
              </div>
            ) : group.error && !data ? (
              <ProblemPanel
                error={group.error}
                context="This account group could not be loaded."
                onRetry={() => void group.refetch()}
                retrying={group.isFetching}
              />
            ) : data ? (
              <AccountGroupDetails group={data} view={view} />
            ) : (
              <div className="details" aria-busy>
                {Array.from({ length: 8 }, (_, index) => (
                  <p key={index}>
                    <Skeleton width={index % 2 === 0 ? '40%' : '85%'} />
                  </p>
                ))}
              </div>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
