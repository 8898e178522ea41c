import { useQueryClient } from '@tanstack/react-query';
import { LoaderCircle, Search, X } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { isAccountGroupId } from '../../../../../domain/account-group';
import { cx } from '../../../../lib/cx';
import { isNotFound, type ProblemError } from '../../../../lib/problem-error';
import { accountGroupQueryOptions } from '../../api/get-account-group';
import type { SetListView } from '../../hooks/use-list-view';
import { detailPath, type ListView } from '../../lib/list-view';
import type { ReturnFocusState } from '../detail/return-focus';
import type { OpenedFromList } from '../table/group-id-link';

export const SEARCH_LABEL = 'Search account groups';

/** Fixed, so the drawer opened from here can give focus back to it. There is one search box. */
export const SEARCH_INPUT_ID = 'account-groups-search';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export interface SearchBoxProps {
  view: ListView;
  search: string;
  setView: SetListView;
  /** The server's 400 for the current search term, shown under the box. */
  error: ProblemError | null;
}

/**
 * One box for a group ID, a securities account number or a user ID, applied on Enter (each keystroke
 * would search the whole tenant for a half-typed ID). Emptying it (typing, its clear button or Esc)
 * removes the search at once. A full UUID is first tried as a group ID and opens that group; when no
 * group has it (404), it is searched for, which finds the groups of a user with that ID.
 */
export function SearchBox({ view, search, setView, error }: SearchBoxProps) {
  const hintId = useId();
  const errorId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState(view.q ?? '');
  const [appliedQ, setAppliedQ] = useState(view.q);
  const [lookingUp, setLookingUp] = useState(false);

  // The URL changed the search (chip removed, back/forward): show what is applied.
  if (appliedQ !== view.q) {
    setAppliedQ(view.q);
    setDraft(view.q ?? '');
  }

  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent): void => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const clear = (): void => {
    setDraft('');
    if (view.q !== null) setView({ q: null });
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const term = draft.trim();
    if (term !== '' && isAccountGroupId(term)) {
      setLookingUp(true);
      try {
        const { queryKey, queryFn } = accountGroupQueryOptions(term);
        const group = await queryClient.query({ queryKey, queryFn, staleTime: 0 });
        const state: OpenedFromList & ReturnFocusState = { openedFromList: search, returnFocusTo: SEARCH_INPUT_ID };
        setDraft(view.q ?? '');
        void navigate(detailPath(group.id, search), { state });
        return;
      } catch (lookupError) {
        // Not a group ID (or the lookup failed): search for it, which also covers user IDs.
        if (!isNotFound(lookupError)) queryClient.removeQueries({ queryKey: accountGroupQueryOptions(term).queryKey });
      } finally {
        setLookingUp(false);
      }
    }
    setView({ q: term === '' ? null : term });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    // Esc empties the box and drops the search; on an empty box it does nothing of its own.
    if (event.key !== 'Escape' || (draft === '' && view.q === null)) return;
    event.preventDefault();
    clear();
  };

  const pending = draft.trim() !== (view.q ?? '');
  const describedBy = [error ? errorId : null, hintId].filter((id) => id !== null).join(' ');

  return (
    <div className="search">
      <form role="search" className="search__form" onSubmit={(event) => void submit(event)}>
        <label htmlFor={SEARCH_INPUT_ID} className="sr-only">
          {SEARCH_LABEL}
        </label>
        {lookingUp ? (
          <LoaderCircle aria-hidden size={14} className="search__icon spin" />
        ) : (
          <Search aria-hidden size={14} className="search__icon" />
        )}
        <input
          ref={inputRef}
          id={SEARCH_INPUT_ID}
          type="search"
          name="q"
          className="search__input mono"
          placeholder="Group ID, securities account number or user ID"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value);
            // Emptied (by typing, or the browser's own clear): no search, at once.
            if (event.target.value.trim() === '' && view.q !== null) setView({ q: null });
          }}
          onKeyDown={onKeyDown}
          aria-keyshortcuts="/"
          aria-invalid={error !== null}
          aria-describedby={describedBy}
        />
        {draft !== '' ? (
          <button
            type="button"
            className="search__clear"
            aria-label="Clear search"
            onClick={() => {
              clear();
              inputRef.current?.focus();
            }}
          >
            <X aria-hidden size={14} />
          </button>
        ) : (
          <kbd className="search__key" aria-hidden>
            /
          </kbd>
        )}
      </form>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error.problem.detail ?? error.problem.title}
        </p>
      )}
      {/* Searching waits for Enter: say so, louder while a typed term is not searched yet. */}
      <p id={hintId} className={cx('search__hint', pending ? 'search__hint--pending' : 'muted')}>
        {pending ? 'Not searched yet: press Enter to search' : 'Enter to search · Esc to clear'}
      </p>
    </div>
  );
}
