import { Monitor, Moon, Sun, type LucideIcon } from 'lucide-react';
import type { ComponentProps } from 'react';
import { Button } from '../../components/button';
import { deferredComponent } from '../../lib/deferred';
import { useThemeChoice, type ThemeChoice } from './theme-store';

export const THEME_CHOICE_DISPLAY: Readonly<Record<ThemeChoice, { label: string; icon: LucideIcon }>> = {
  system: { label: 'System', icon: Monitor },
  light: { label: 'Light', icon: Sun },
  dark: { label: 'Dark', icon: Moon },
};

export function ThemeTrigger({ choice, ...props }: ComponentProps<'button'> & { choice: ThemeChoice }) {
  const { label, icon: Icon } = THEME_CHOICE_DISPLAY[choice];
  return (
    <Button variant="ghost" size="icon" aria-label={`Theme: ${label}`} {...props}>
      <Icon aria-hidden size={16} />
    </Button>
  );
}

function ThemeButtonOnly({ onActivate }: { onActivate: () => void }) {
  return <ThemeTrigger choice={useThemeChoice()} aria-haspopup="menu" onClick={onActivate} />;
}

const themeMenu = deferredComponent<object>(
  () => import('./theme-menu').then((module) => module.ThemeMenu),
  (_props, activate) => <ThemeButtonOnly onActivate={activate} />,
);

export const preloadThemeMenu = themeMenu.preload;

/** System, light or dark; remembered in this browser and applied before first paint next time. */
export const ThemeToggle = themeMenu.Component;
