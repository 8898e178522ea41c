import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check, CirclePlus } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '../../../../components/button';
import { cx } from '../../../../lib/cx';
import { formatCount } from '../../../../lib/format';

export interface FacetOption<T extends string> {
  value: T;
  label: string;
  icon?: ReactNode;
}

export interface FacetedFilterProps<T extends string> {
  /** "Status", "Type": the trigger's visible name. */
  title: string;
  options: readonly FacetOption<T>[];
  selected: readonly T[];
  /** Matching groups per value under the other filters; absent while unknown. */
  counts: Readonly<Record<string, number>> | undefined;
  /** True while the counts are from an incomplete mirror (first sync). */
  partial?: boolean;
  onChange: (values: T[]) => void;
}

const MAX_NAMED_IN_TRIGGER = 2;

/** A multi-select menu with counts per value (tablecn's faceted filter, on a Radix dropdown). */
export function FacetedFilter<T extends string>({ title, options, selected, counts, partial = false, onChange }: FacetedFilterProps<T>) {
  const toggle = (value: T, checked: boolean): void => {
    const next = checked ? [...selected, value] : selected.filter((chosen) => chosen !== value);
    onChange(options.map((option) => option.value).filter((option) => next.includes(option)));
  };
  const selectedLabels = options.filter((option) => selected.includes(option.value)).map((option) => option.label);

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button variant="default" className={cx('facet-trigger', selected.length > 0 && 'facet-trigger--active')}>
          <CirclePlus aria-hidden size={14} />
          {title}
          {selected.length > 0 && (
            <>
              <span className="facet-trigger__divider" aria-hidden />
              {selected.length > MAX_NAMED_IN_TRIGGER ? (
                <span className="facet-trigger__value">{selected.length} selected</span>
              ) : (
                selectedLabels.map((label) => (
                  <span key={label} className="facet-trigger__value">
                    {label}
                  </span>
                ))
              )}
            </>
          )}
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu menu--facets" align="start" sideOffset={6} collisionPadding={8}>
          <DropdownMenu.Label className="menu__label">
            Filter by {title.toLowerCase()}
            {partial && <span className="menu__hint"> · counts still loading</span>}
          </DropdownMenu.Label>
          {options.map((option) => {
            const count = counts?.[option.value];
            return (
              <DropdownMenu.CheckboxItem
                key={option.value}
                className="menu__item"
                checked={selected.includes(option.value)}
                onCheckedChange={(checked) => toggle(option.value, checked)}
                onSelect={(event) => event.preventDefault()}
              >
                <span className="menu__check menu__check--box">
                  <DropdownMenu.ItemIndicator>
                    <Check aria-hidden size={12} />
                  </DropdownMenu.ItemIndicator>
                </span>
                {option.icon}
                <span className="menu__text">{option.label}</span>
                <span className="menu__count tabular">{counts === undefined ? '' : formatCount(count ?? 0)}</span>
              </DropdownMenu.CheckboxItem>
            );
          })}
          {selected.length > 0 && (
            <>
              <DropdownMenu.Separator className="menu__separator" />
              <DropdownMenu.Item className="menu__item menu__item--center" onSelect={() => onChange([])}>
                Clear {title.toLowerCase()} filter
              </DropdownMenu.Item>
            </>
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
