import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import themeInitScript from '../../../../public/theme-init.js?raw';
import { waitForResults } from '../../testing/list-helpers';
import { renderApp } from '../../testing/render-app';
import { THEME_STORAGE_KEY } from './theme-store';

describe('theme toggle', () => {
  it('follows the system by default, switches to dark and remembers it', async () => {
    const { user, unmount } = await renderApp();
    await waitForResults('Showing 1–50 of 300 account groups');

    await user.click(screen.getByRole('button', { name: 'Theme: System' }));
    await user.click(await screen.findByRole('menuitemradio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(screen.getByRole('button', { name: 'Theme: Dark' })).toBeInTheDocument();

    unmount();
    const again = await renderApp();
    expect(await screen.findByRole('button', { name: 'Theme: Dark' })).toBeInTheDocument();

    await again.user.click(screen.getByRole('button', { name: 'Theme: Dark' }));
    await again.user.click(await screen.findByRole('menuitemradio', { name: 'System' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
  });
});

describe('theme-init.js (runs before first paint)', () => {
  const run = (): void => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- the file is plain browser JavaScript loaded by <script src>: evaluating it as the browser would is the point
    new Function(themeInitScript)();
  };

  it('applies the remembered theme', () => {
    window.localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    run();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('falls back to the system preference for anything else', () => {
    window.localStorage.setItem(THEME_STORAGE_KEY, 'purple');
    run();
    expect(document.documentElement.dataset.theme).toBe('light');
  });
});
