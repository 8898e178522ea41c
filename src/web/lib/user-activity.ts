/**
 * When someone last used this page (pointer, keyboard, wheel, touch). Calls the SPA makes while nobody has
 * for a while are timed refreshes, not use: the API client marks them so that they do not keep an
 * unattended console signed in.
 */

/** Calls a person causes go out within moments of their input; anything later is the page on its own. */
export const QUIET_AFTER_MS = 15_000;

let lastInputAt = Date.now();

function noteInput(): void {
  lastInputAt = Date.now();
}

for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const) {
  window.addEventListener(type, noteInput, { capture: true, passive: true });
}

export function isPageUnattended(now: number = Date.now()): boolean {
  return now - lastInputAt > QUIET_AFTER_MS;
}
