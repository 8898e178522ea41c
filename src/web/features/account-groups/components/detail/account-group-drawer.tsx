import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { X } from 'lucide-react';
import { useMemo, useRef, type KeyboardEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { isAccountGroupId, type AccountGroup } from '../../../../../domain/account-group';
import type { AccountGroupList } from '../../../../../domain/console-api';
import { Button } from '../../../../components/button';
import { CopyButton } from '../../../../components/copy-button';
import { ProblemPanel } from '../../../../components/problem-panel';
import { ProgressBar } from '../../../../components/progress-bar';
import { RelativeTime } from '../../../../components/relative-time';
import { Skeleton } from '../../../../components/skeleton';
import { TransitionAnnouncement } from '../../../../components/transition-announcement';
import { shortId } from '../../../../lib/format';
import { isNotFound, isRateLimited } from '../../../../lib/problem-error';
import { useAccountGroup } from '../../api/get-account-group';
import { accountGroupKeys } from '../../api/query-keys';
import { useListView } from '../../hooks/use-list-view';
import { LIST_PATH } from '../../lib/list-view';
import { TABLE_ID } from '../table/account-groups-table';
import { isOpenedFromList } from '../table/group-id-link';
import { RATE_LIMIT_ENDED, RATE_LIMIT_STARTED, RateLimitNotice } from '../notices/rate-limit-notice';
import { AccountGroupDetails } from './account-group-details';
import { GroupNotFound, NotAGroupId } from './drawer-not-found';
import { returnFocusTargetOf } from './return-focus';

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

const TABBABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * `/account-groups/:id`: everything about one group, fetched live, in a modal drawer over the list.
 * Radix Dialog moves focus in, traps it and closes on Esc; closing returns focus to whatever opened
 * the drawer (the row's link, or the search box), and to the table when it was opened by a direct link.
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
  const returnFocusTo = returnFocusTargetOf(location.state);

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
    const opener = returnFocusTo !== undefined ? document.getElementById(returnFocusTo) : null;
    const rowLink = openedFromList ? document.querySelector<HTMLElement>(`[data-row-link="${escapeAttribute(id)}"]`) : null;
    (opener ?? rowLink ?? document.getElementById(TABLE_ID))?.focus();
  };

  // Focus starts on the drawer itself, before its first control: Radix wraps Shift+Tab only from the
  // first control, so from the drawer it would leave the trap and be pulled back. Wrap it to the last.
  const wrapShiftTab = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'Tab' || !event.shiftKey || event.target !== drawerRef.current) return;
    const tabbables = drawerRef.current.querySelectorAll<HTMLElement>(TABBABLE);
    const last = tabbables.item(tabbables.length - 1) as HTMLElement | null;
    if (last === null) return;
    event.preventDefault();
    last.focus();
  };

  const validId = isAccountGroupId(id);
  const data = group.data;
  const notFound = isNotFound(group.error);
  // Until the live answer arrives, the drawer shows the row as the list had it.
  const live = data !== undefined && !group.isPlaceholderData;
  const rateLimited = isRateLimited(group.failureReason) && group.fetchStatus === 'fetching';

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
          onKeyDown={wrapShiftTab}
        >
          <header className="drawer__header">
            <div className="drawer__title-block">
              <Dialog.Title className="drawer__title">
                Account group <span className="mono">{shortId(id)}</span>
              </Dialog.Title>
              {data && !notFound && (
                <p className="drawer__subtitle muted">
                  {live ? (
                    <>
                      Fetched live from Upvest <RelativeTime iso={new Date(group.dataUpdatedAt).toISOString()} />
                    </>
                  ) : rateLimited ? (
                    'Showing the row from the list until Upvest answers.'
                  ) : (
                    'Showing the row from the list; loading the live state from Upvest…'
                  )}
                </p>
              )}
            </div>
            <div className="drawer__actions">
              {live && !notFound && (
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
          {/* Inside the dialog: everything outside it is hidden from screen readers while it is open. */}
          <TransitionAnnouncement
            active={rateLimited}
            started={RATE_LIMIT_STARTED}
            ended={isRateLimited(group.error) ? '' : RATE_LIMIT_ENDED}
          />
          <div className="drawer__body">
            {rateLimited && (
              <div className="drawer__notice">
                <RateLimitNotice failure={group.failureReason} />
              </div>
            )}
            {!validId ? (
              <NotAGroupId id={id} />
            ) : notFound ? (
              <GroupNotFound id={id} error={group.error} />
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
