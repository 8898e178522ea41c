import { X } from 'lucide-react';
import { describeStatus, describeType } from '../../../../../domain/account-group';
import { Button } from '../../../../components/button';
import type { SetListView } from '../../hooks/use-list-view';
import { hasFilters, type ListView } from '../../lib/list-view';

interface Chip {
  key: string;
  label: string;
  remove: () => void;
}

/** The active filters, each removable, and one way to drop them all. */
export function FilterChips({ view, setView }: { view: ListView; setView: SetListView }) {
  if (!hasFilters(view)) return null;
  const chips: Chip[] = [
    ...view.status.map((status) => ({
      key: `status-${status}`,
      label: `Status: ${describeStatus(status).label}`,
      remove: () => setView((current) => ({ status: current.status.filter((value) => value !== status) })),
    })),
    ...view.type.map((type) => ({
      key: `type-${type}`,
      label: `Type: ${describeType(type).label}`,
      remove: () => setView((current) => ({ type: current.type.filter((value) => value !== type) })),
    })),
    ...(view.q === null ? [] : [{ key: 'q', label: `Search: ${view.q}`, remove: () => setView({ q: null }) }]),
  ];
  return (
    <ul className="chips" aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.key} className="chip">
          <span className="chip__label">{chip.label}</span>
          <button type="button" className="chip__remove" aria-label={`Remove filter ${chip.label}`} onClick={chip.remove}>
            <X aria-hidden size={12} />
          </button>
        </li>
      ))}
      <li>
        <Button variant="ghost" size="sm" onClick={() => setView({ status: [], type: [], q: null })}>
          Clear filters
        </Button>
      </li>
    </ul>
  );
}
