import { memo } from 'react';
import { formatLocal, formatRelative, formatUtc } from '../lib/format';
import { useNow } from '../lib/use-now';
import { Tooltip } from './tooltip';

/** "3 days ago" in a <time> element; the exact UTC and local times on hover and focus. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  return <TimeWithTooltip iso={iso} text={formatRelative(iso, now)} />;
}

// The clock ticks every second, but "3 days ago" rarely changes: skip re-rendering the tooltip then.
const TimeWithTooltip = memo(function TimeWithTooltip({ iso, text }: { iso: string; text: string }) {
  return (
    <Tooltip
      content={
        <span className="tooltip__lines">
          <span className="tabular">{formatUtc(iso)}</span>
          <span className="tooltip__muted tabular">{formatLocal(iso)}</span>
        </span>
      }
    >
      <time dateTime={iso} tabIndex={0} className="relative-time tabular">
        {text}
      </time>
    </Tooltip>
  );
});
