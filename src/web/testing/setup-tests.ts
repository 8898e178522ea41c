import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { focusManager, onlineManager } from '@tanstack/react-query';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { server } from './msw-server';

// jsdom lacks a few browser APIs that Radix and the theme code use.
if (typeof window.matchMedia !== 'function') {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    value: (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        // Deprecated members a MediaQueryList still has; jsdom needs them present for the type.
        addListener: () => undefined, // eslint-disable-line @typescript-eslint/no-deprecated -- part of the interface being stubbed
        removeListener: () => undefined, // eslint-disable-line @typescript-eslint/no-deprecated -- part of the interface being stubbed
        dispatchEvent: () => false,
      }) satisfies MediaQueryList,
  });
}

if (typeof globalThis.ResizeObserver !== 'function') {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

for (const method of ['hasPointerCapture', 'setPointerCapture', 'releasePointerCapture'] as const) {
  if (typeof Element.prototype[method] !== 'function') {
    Object.defineProperty(Element.prototype, method, { configurable: true, value: () => false });
  }
}
if (typeof Element.prototype.scrollIntoView !== 'function') {
  Element.prototype.scrollIntoView = () => undefined;
}

// A full page of rows renders in jsdom far slower than in a browser: give async queries room.
configure({ asyncUtilTimeout: 10_000 });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  server.events.removeAllListeners();
  window.localStorage.clear();
  delete document.documentElement.dataset.theme;
  vi.useRealTimers();
  vi.restoreAllMocks();
  // react-query's managers are module singletons: a test that went offline or hid the tab must not
  // leave the next one paused.
  onlineManager.setOnline(true);
  focusManager.setFocused(undefined);
});
afterAll(() => server.close());
