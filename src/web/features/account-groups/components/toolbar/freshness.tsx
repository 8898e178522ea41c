import type { DataSource } from '../../../../../domain/console-api';
import { Badge } from '../../../../components/badge';
import { Tooltip } from '../../../../components/tooltip';
import { formatAge, formatUtc, secondsSince } from '../../../../lib/format';
import { useNow } from '../../../../lib/use-now';

const SOURCE_TEXT: Readonly<Record<DataSource, string>> = {
  upstream: 'live from Upvest',
  mirror: "from the console's mirror",
};

/** How fresh the rows on screen are ("Updated 12 s ago", ticking), where they came from, and if partial. */
export function Freshness({ asOf, source, complete }: { asOf: string; source: DataSource; complete: boolean }) {
  const now = useNow();
  const age = secondsSince(asOf, now);
  return (
    <p className="freshness">
      <Tooltip content={<span className="tabular">Data as of {formatUtc(asOf)}</span>}>
        <span className="freshness__age tabular" tabIndex={0}>
          {age === null ? 'Update time unknown' : `Updated ${formatAge(age)}`}
        </span>
      </Tooltip>
      <span className="freshness__source">{SOURCE_TEXT[source]}</span>
      {!complete && (
        <Tooltip content="The console is still loading all account groups from Upvest: counts and matches may still grow.">
          <span tabIndex={0} className="freshness__partial">
            <Badge tone="warning">Partial</Badge>
          </span>
        </Tooltip>
      )}
    </p>
  );
}
