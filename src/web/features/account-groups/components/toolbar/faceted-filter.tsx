import { CirclePlus } from 'lucide-react';
import type { ComponentProps, ReactNode } from 'react';
import { Button } from '../../../../components/button';
import { cx } from '../../../../lib/cx';
import { deferredComponent } from '../../../../lib/deferred';

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
  /** Receives a function of the current selection: quick successive toggles must not undo each other. */
  onChange: (update: (current: readonly T[]) => T[]) => void;
  /** Open on mount (a click that came before the menu's code). */
  defaultOpen?: boolean;
}

const MAX_NAMED_IN_TRIGGER = 2;

type FacetTriggerProps<T extends string> = Pick<FacetedFilterProps<T>, 'title' | 'options' | 'selected'> &
  ComponentProps<'button'>;

/** The filter's button: its name, then what is selected ("Locked", "Closing" or "3 selected"). */
export function FacetTrigger<T extends string>({ title, options, selected, className, ...buttonProps }: FacetTriggerProps<T>) {
  const selectedLabels = options.filter((option) => selected.includes(option.value)).map((option) => option.label);
  return (
    <Button variant="default" className={cx('facet-trigger', selected.length > 0 && 'facet-trigger--active', className)} {...buttonProps}>
      <CirclePlus aria-hidden size={14} />
      {title}
      {selected.length > 0 && (
        <>
          <span className="facet-trigger__divider" aria-hidden />
          {selected.length > MAX_NAMED_IN_TRIGGER ? (
            <span className="facet-trigger__value"> {selected.length} selected</span>
          ) : (
            selectedLabels.map((label) => (
              <span key={label} className="facet-trigger__value">
                {' '}
                {label}
              </span>
            ))
          )}
        </>
      )}
    </Button>
  );
}

const facetedFilterMenu = deferredComponent<FacetedFilterProps<string>>(
  () => import('./faceted-filter-menu').then((module) => module.FacetedFilterMenu),
  (props, activate) => (
    <FacetTrigger title={props.title} options={props.options} selected={props.selected} aria-haspopup="menu" onClick={activate} />
  ),
);

export const preloadFacetedFilter = facetedFilterMenu.preload;

/**
 * A multi-select filter with counts per value. The menu (Radix) arrives right after first paint;
 * until then its button is shown on its own.
 */
export const FacetedFilter = facetedFilterMenu.Component as <T extends string>(props: FacetedFilterProps<T>) => ReactNode;
