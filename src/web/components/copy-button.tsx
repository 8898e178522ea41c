import { Check, Copy } from 'lucide-react';
import { useEffect, useState, type MouseEvent } from 'react';
import { announce } from '../lib/announcer';
import { cx } from '../lib/cx';
import { Tooltip } from './tooltip';

type CopyState = 'idle' | 'copied' | 'failed';

export interface CopyButtonProps {
  value: string;
  /** What is copied, for the accessible name: "Copy {label}". */
  label: string;
  /** Visible text next to the icon; icon only when absent. */
  text?: string;
  className?: string;
  /**
   * Show a tooltip ("Copy …", then "Copied"). Off inside table rows: there are hundreds of them and
   * the icon, the accessible name and the check mark after copying say enough.
   */
  hint?: boolean;
  /** -1 inside the table's rows, where the grid keyboard model decides the one tab stop. */
  tabIndex?: number;
}

const RESET_AFTER_MS = 1500;

export function CopyButton({ value, label, text, className, hint = true, tabIndex }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), RESET_AFTER_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async (event: MouseEvent<HTMLButtonElement>): Promise<void> => {
    // Copy buttons sit inside clickable rows: copying must not also open the row.
    event.stopPropagation();
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
      announce(`Copied ${label}`);
    } catch {
      setState('failed');
      announce(`Could not copy ${label}`);
    }
  };

  const Icon = state === 'copied' ? Check : Copy;
  const button = (
    <button
      type="button"
      className={cx('copy-btn', text !== undefined && 'copy-btn--text', state === 'copied' && 'copy-btn--done', className)}
      aria-label={text === undefined ? `Copy ${label}` : undefined}
      data-no-row-click=""
      tabIndex={tabIndex}
      onClick={(event) => void copy(event)}
    >
      <Icon aria-hidden size={14} />
      {text}
    </button>
  );
  if (!hint) return button;
  const tip = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : `Copy ${label}`;
  return <Tooltip content={tip}>{button}</Tooltip>;
}
