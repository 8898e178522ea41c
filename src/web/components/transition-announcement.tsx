import { useState } from 'react';

interface Spoken {
  phase: 'idle' | 'active' | 'ended';
  text: string;
}

export interface TransitionAnnouncementProps {
  /** Whether the thing (rate limiting, a sync) is going on now. */
  active: boolean;
  /** Said once when `active` turns true. */
  started: string;
  /** Said once when `active` turns false again; empty to say nothing (e.g. an alert speaks instead). */
  ended: string;
}

/**
 * A polite live region that speaks when something starts and when it ends, and never in between.
 * Countdowns and progress counts stay on screen outside it: a region whose text changes every second
 * interrupts a screen-reader user every second. Always rendered (empty while idle), because text
 * inserted together with its region is not reliably announced.
 */
export function TransitionAnnouncement({ active, started, ended }: TransitionAnnouncementProps) {
  const [spoken, setSpoken] = useState<Spoken>({ phase: 'idle', text: '' });
  // The text is fixed at the transition, so a later change of `started` or `ended` is not announced.
  if (active && spoken.phase !== 'active') setSpoken({ phase: 'active', text: started });
  if (!active && spoken.phase === 'active') setSpoken({ phase: 'ended', text: ended });
  return (
    <div role="status" className="sr-only">
      {spoken.text}
    </div>
  );
}
