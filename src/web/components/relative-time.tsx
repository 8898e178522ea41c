import { memo } from 'react';
import { formatLocal, formatRelative, formatUtc } from '../lib/format';
import { useNow } from '../lib/use-now';
import { Tooltip } from './tooltip';

/**
 * "3 days ago" in a <time> element; the exact UTC and local times on hover and focus, so it is
 * focusable (a tab stop of its own, or -1 in the table's rows, where the grid moves focus to it).
 */
export function RelativeTime({ iso, tabIndex = 0 }: { iso: string; tabIndex?: number }) {
  const now = useNow();
  return <TimeWithTooltip iso={iso} text={formatRelative(iso, now)} tabIndex={tabIndex} />;
}

// The clock ticks every second, but "3 days ago" rarely changes: skip re-rendering the tooltip then.
const TimeWithTooltip = memo(function TimeWithTooltip({ iso, text, tabIndex }: { iso: string; text: string; tabIndex: number }) {
  return (
    <Tooltip
      content={() => (
        <span className="tooltip__lines">
          <span className="tabular">{formatUtc(iso)}</span>
          <span className="tooltip__muted tabular">{formatLocal(iso)}</span>
        </span>
      )}
    >
      <time dateTime={iso} tabIndex={tabIndex} className="relative-time tabular">
        {text}
      </time>
    </Tooltip>
  );
});
