import { useQueryClient } from '@tanstack/react-query';
import { LoaderCircle, Search } from 'lucide-react';
import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { useNavigate } from 'react-router';
import { isNotFound, type ProblemError } from '../../../../lib/problem-error';
import { accountGroupQueryOptions } from '../../api/get-account-group';
import type { SetListView } from '../../hooks/use-list-view';
import { detailPath, type ListView } from '../../lib/list-view';
import type { OpenedFromList } from '../table/group-id-link';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SEARCH_LABEL = 'Search account groups';

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
 * One box for a group ID, a securities account number or a user ID, applied on Enter. A full UUID
 * is first tried as a group ID and opens that group; when no group has it (404), it is searched for,
 * which finds the groups of a user with that ID.
 */
export function SearchBox({ view, search, setView, error }: SearchBoxProps) {
  const inputId = useId();
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
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const term = draft.trim();
    if (term !== '' && UUID.test(term)) {
      setLookingUp(true);
      try {
        const { queryKey, queryFn } = accountGroupQueryOptions(term);
        const group = await queryClient.query({ queryKey, queryFn, staleTime: 0 });
        const state: OpenedFromList = { openedFromList: search };
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

  return (
    <div className="search">
      <form role="search" className="search__form" onSubmit={(event) => void submit(event)}>
        <label htmlFor={inputId} className="sr-only">
          {SEARCH_LABEL}
        </label>
        {lookingUp ? (
          <LoaderCircle aria-hidden size={14} className="search__icon spin" />
        ) : (
          <Search aria-hidden size={14} className="search__icon" />
        )}
        <input
          ref={inputRef}
          id={inputId}
          type="search"
          name="q"
          className="search__input mono"
          placeholder="Group ID, securities account number or user ID"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
        />
        <kbd className="search__key" aria-hidden>
          /
        </kbd>
      </form>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error.problem.detail ?? error.problem.title}
        </p>
      )}
    </div>
  );
}
