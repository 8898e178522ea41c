import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { Check } from 'lucide-react';
import { THEME_CHOICES, isThemeChoice, setThemeChoice, useThemeChoice } from './theme-store';
import { THEME_CHOICE_DISPLAY, ThemeTrigger } from './theme-toggle';

export function ThemeMenu({ defaultOpen = false }: { defaultOpen?: boolean }) {
  const choice = useThemeChoice();
  return (
    <DropdownMenu.Root modal={false} defaultOpen={defaultOpen}>
      <DropdownMenu.Trigger asChild>
        <ThemeTrigger choice={choice} />
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
              const { label, icon: Icon } = THEME_CHOICE_DISPLAY[option];
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
