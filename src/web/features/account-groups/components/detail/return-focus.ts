/**
 * History state that names the element to focus when the drawer closes, for openers other than a
 * row (the search box). Rows need none: the drawer finds the row's link by the group's ID.
 */
export interface ReturnFocusState {
  /** The element's id. */
  returnFocusTo: string;
}

export function returnFocusTargetOf(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const target = (state as Partial<ReturnFocusState>).returnFocusTo;
  return typeof target === 'string' ? target : undefined;
}
