import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check } from 'lucide-react';
import { DENSITIES, type Density } from '../../hooks/use-table-preferences';
import { ViewOptionsTrigger, type ViewOptionsProps } from './view-options';

const DENSITY_LABELS: Readonly<Record<Density, string>> = { comfortable: 'Comfortable', compact: 'Compact' };

function isDensity(value: string): value is Density {
  return (DENSITIES as readonly string[]).includes(value);
}

export function ViewOptionsMenu({ table, density, onDensityChange, defaultOpen = false }: ViewOptionsProps) {
  const hideable = table.getAllLeafColumns().filter((column) => column.getCanHide());
  return (
    <DropdownMenu.Root modal={false} defaultOpen={defaultOpen}>
      <DropdownMenu.Trigger asChild>
        <ViewOptionsTrigger />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6} collisionPadding={8}>
          <DropdownMenu.Label className="menu__label">Columns</DropdownMenu.Label>
          {hideable.map((column) => (
            <DropdownMenu.CheckboxItem
              key={column.id}
              className="menu__item"
              checked={column.getIsVisible()}
              onCheckedChange={(checked) => column.toggleVisibility(checked)}
              onSelect={(event) => event.preventDefault()}
            >
              <span className="menu__check">
                <DropdownMenu.ItemIndicator>
                  <Check aria-hidden size={14} />
                </DropdownMenu.ItemIndicator>
              </span>
              {column.columnDef.meta?.label ?? column.id}
            </DropdownMenu.CheckboxItem>
          ))}
          <DropdownMenu.Separator className="menu__separator" />
          <DropdownMenu.Label className="menu__label">Density</DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={density}
            onValueChange={(value) => {
              if (isDensity(value)) onDensityChange(value);
            }}
          >
            {DENSITIES.map((option) => (
              <DropdownMenu.RadioItem key={option} value={option} className="menu__item" onSelect={(event) => event.preventDefault()}>
                <span className="menu__check">
                  <DropdownMenu.ItemIndicator>
                    <Check aria-hidden size={14} />
                  </DropdownMenu.ItemIndicator>
                </span>
                {DENSITY_LABELS[option]}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
