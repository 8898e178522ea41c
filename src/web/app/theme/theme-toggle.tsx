import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check, Monitor, Moon, Sun, type LucideIcon } from 'lucide-react';
import { Button } from '../../components/button';
import { THEME_CHOICES, isThemeChoice, setThemeChoice, useThemeChoice, type ThemeChoice } from './theme-store';

const CHOICES: Readonly<Record<ThemeChoice, { label: string; icon: LucideIcon }>> = {
  system: { label: 'System', icon: Monitor },
  light: { label: 'Light', icon: Sun },
  dark: { label: 'Dark', icon: Moon },
};

/** System, light or dark; remembered in this browser and applied before first paint next time. */
export function ThemeToggle() {
  const choice = useThemeChoice();
  const Current = CHOICES[choice].icon;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Theme: ${CHOICES[choice].label}`}>
          <Current aria-hidden size={16} />
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6} collisionPadding={8}>
          <DropdownMenu.Label className="menu__label">Theme</DropdownMenu.Label>
          <DropdownMenu.RadioGroup
            value={choice}
            onValueChange={(value) => {
              if (isThemeChoice(value)) setThemeChoice(value);
            }}
          >
            {THEME_CHOICES.map((option) => {
              const { label, icon: Icon } = CHOICES[option];
              return (
                <DropdownMenu.RadioItem key={option} value={option} className="menu__item">
                  <span className="menu__check">
                    <DropdownMenu.ItemIndicator>
                      <Check aria-hidden size={14} />
                    </DropdownMenu.ItemIndicator>
                  </span>
                  <Icon aria-hidden size={14} />
                  {label}
                </DropdownMenu.RadioItem>
              );
            })}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
