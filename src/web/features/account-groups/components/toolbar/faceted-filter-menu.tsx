import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check } from 'lucide-react';
import { formatCount } from '../../../../lib/format';
import { FacetTrigger, type FacetedFilterProps } from './faceted-filter';

/** A multi-select menu with counts per value (tablecn's faceted filter, on a Radix dropdown). */
export function FacetedFilterMenu<T extends string>({
  title,
  options,
  selected,
  counts,
  partial = false,
  onChange,
  defaultOpen = false,
}: FacetedFilterProps<T>) {
  const toggle = (value: T, checked: boolean): void => {
    onChange((current) => {
      const next = checked ? [...current, value] : current.filter((chosen) => chosen !== value);
      return options.map((option) => option.value).filter((option) => next.includes(option));
    });
  };

  return (
    <DropdownMenu.Root modal={false} defaultOpen={defaultOpen}>
      <DropdownMenu.Trigger asChild>
        <FacetTrigger title={title} options={options} selected={selected} />
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
                <span className="menu__text">{option.label}</span>{' '}
                <span className="menu__count tabular">{counts === undefined ? '' : formatCount(count ?? 0)}</span>
              </DropdownMenu.CheckboxItem>
            );
          })}
          {selected.length > 0 && (
            <>
              <DropdownMenu.Separator className="menu__separator" />
              <DropdownMenu.Item className="menu__item menu__item--center" onSelect={() => onChange(() => [])}>
                Clear {title.toLowerCase()} filter
              </DropdownMenu.Item>
            </>
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
