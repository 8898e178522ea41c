import { act } from '@testing-library/react';
import { vi } from 'vitest';

/**
 * The browser going offline or online, as the app and react-query see it: `navigator.onLine` and the
 * window's online/offline event. Mocks are restored after each test (setup-tests.ts).
 */
export function setBrowserOnline(online: boolean): void {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online);
  act(() => {
    window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  });
}

/** The tab hidden or shown: `document.visibilityState` and the visibilitychange event (it bubbles to window). */
export function setTabVisible(visible: boolean): void {
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(visible ? 'visible' : 'hidden');
  act(() => {
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}
